/**
 * Why a model or an input class cannot take a compiled path: thrown while planning at start-up and
 * caught by the planner, which keeps the reference path and logs this message at debug level.
 */
export class Unsupported extends Error {}
