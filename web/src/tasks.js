// Work for every element on the page (drawing a button, checking its configuration), spread
// over tasks: each task runs queued jobs for at most SLICE_MS and leaves the rest to the
// next, so a page with a hundred buttons gets no long task from them and can paint between
// (a slice well under the 50 ms of a long task, and long enough that yielding costs little).
// now() runs the first jobs at once, in the running task: the buttons the script finds
// when it starts are drawn before the page's first paint, not after it.
import { defer } from './guards.js';

const SLICE_MS = 25;
const queue = [];
let next = 0; // the queue's first job not yet run (shift() is linear in the queue's length)
let scheduled = false;

function run(ms = SLICE_MS) {
  scheduled = false;
  const end = performance.now() + ms;
  try {
    while (next < queue.length && performance.now() < end) {
      const job = queue[next];
      queue[next++] = null;
      job();
    }
  } finally {
    if (next < queue.length) schedule();
    else queue.length = next = 0;
  }
}

function schedule() {
  if (!scheduled) {
    scheduled = true;
    defer(run);
  }
}

export function later(job) {
  queue.push(job);
  schedule();
}

// The queued jobs for at most `ms`, now; the rest in the tasks after.
export const now = (ms) => run(ms);
