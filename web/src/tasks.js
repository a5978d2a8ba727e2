// Work for every element on the page (drawing a button, checking its configuration), spread
// over tasks: each task runs queued jobs for at most SLICE_MS and leaves the rest to the
// next, so a page with a hundred buttons gets no long task from them and can paint between.
import { defer } from './guards.js';

const SLICE_MS = 8;
const queue = [];

function run() {
  const end = performance.now() + SLICE_MS;
  try {
    while (queue.length && performance.now() < end) queue.shift()();
  } finally {
    if (queue.length) defer(run);
  }
}

export function later(job) {
  if (queue.push(job) === 1) defer(run);
}
