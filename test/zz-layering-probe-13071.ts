import { native } from '../native/lib/binding.js';
export const x = native;
