export { type BlogAppOptions, CONTROLLERS, createBlogApp } from './app';
export { type BlogDatabase, DatabaseOpenError, openDatabase } from './db/database';
export { BlogStore } from './db/store';
