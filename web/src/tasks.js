// Work for every element on the page (drawing a button, checking its configuration), spread
// over tasks: each task runs queued jobs for at most SLICE_MS and leaves the rest to the
// next, so a page with a hundred buttons gets no long task from them and can paint between
// (a slice well under the 50 ms of a long task, with room for the auto theme's colour read
// that follows its jobs, view.js paint, and long enough that yielding costs little).
// now() runs the first job at once, in the running task: the first button the script finds
// when it starts is drawn before the page's first paint, the rest in the tasks after.
//
// A new task is asked for with a message to a channel of the widget's own (made when the
// script loads, its postMessage taken then, so a page that replaces MessageChannel or
// MessagePort later changes nothing), not with setTimeout: nested timers wait at least
// 4 ms each from the fifth level on, and the start-up's tasks follow each other.
import { DOM, defer } from './guards.js';

const SLICE_MS = 12;
const queue = [];
const waiting = [];
const channel = DOM && typeof MessageChannel === 'function' ? new MessageChannel() : null;
const post = channel && Function.prototype.call.bind(MessagePort.prototype.postMessage, channel.port2);
if (channel) channel.port1.onmessage = () => waiting.shift()();

// `fn` in a task of its own, after the tasks already asked for.
export function task(fn) {
  if (!post) return void defer(fn);
  waiting.push(fn);
  post(0);
}

// At least one job (if any is left), then more while the slice lasts.
function run(ms = SLICE_MS) {
  const end = performance.now() + ms;
  try {
    while (queue.length) {
      queue.shift()();
      if (performance.now() >= end) break;
    }
  } finally {
    if (queue.length) task(run);
  }
}

export function later(job) {
  if (queue.push(job) === 1) task(run);
}

// The first queued job now, in the running task; the rest in the tasks after.
export const now = () => run(0);
