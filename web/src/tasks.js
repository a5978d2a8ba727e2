// Work for every element on the page (drawing a button, checking its configuration), spread
// over tasks: each task runs queued jobs for at most SLICE_MS and leaves the rest to the
// next, so a page with a hundred buttons gets no long task from them and can paint between
// (a slice well under the 50 ms of a long task, and long enough that yielding costs little).
// now() runs the first jobs at once, in the running task: the buttons the script finds
// when it starts are drawn before the page's first paint, not after it.
import { defer } from './guards.js';

const SLICE_MS = 25;
const queue = [];

function run(ms = SLICE_MS) {
  const end = performance.now() + ms;
  try {
    while (queue.length && performance.now() < end) queue.shift()();
  } finally {
    if (queue.length) defer(run);
  }
}

export function later(job) {
  if (queue.push(job) === 1) defer(run);
}

// The queued jobs for at most `ms`, now; the rest in the tasks after.
export const now = run;
