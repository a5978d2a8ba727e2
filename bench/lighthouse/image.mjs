// The product page's photo, made at bench time: an 800×800 baseline JPEG (jpeg-js, quality
// 80) of a procedural scene, a bag and coffee beans on a wooden table, with the fine detail
// and grain of a photograph, so that it weighs what a real product photo of that size
// weighs (about 100 KB) instead of compressing to almost nothing. Deterministic: the same
// bytes on every run.
//
//   node bench/lighthouse/image.mjs OUT.jpg
import fs from 'node:fs';
import jpeg from 'jpeg-js';

export const WIDTH = 800;
export const HEIGHT = 800;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Smooth value noise on a lattice, summed over octaves (fractal noise), in [0, 1).
function fractalNoise(random, size) {
  const grid = new Float32Array(size * size).map(() => random());
  const at = (x, y) => grid[((y % size + size) % size) * size + ((x % size + size) % size)];
  const smooth = (t) => t * t * (3 - 2 * t);
  const value = (x, y) => {
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = smooth(x - x0);
    const fy = smooth(y - y0);
    const top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx;
    const bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx;
    return top * (1 - fy) + bottom * fy;
  };
  return (x, y) => {
    let sum = 0;
    let amplitude = 0.5;
    let frequency = 1;
    for (let octave = 0; octave < 5; octave += 1) {
      sum += amplitude * value(x * frequency, y * frequency);
      amplitude /= 2;
      frequency *= 2;
    }
    return sum;
  };
}

export function productJpeg() {
  const random = mulberry32(20261201);
  const noise = fractalNoise(random, 64);
  const rgba = Buffer.alloc(WIDTH * HEIGHT * 4);
  // Beans: rotated ellipses with a centre crease, in front of the bag.
  const beans = Array.from({ length: 70 }, () => ({
    x: 60 + random() * 680, y: 560 + random() * 220, a: random() * Math.PI,
    rx: 22 + random() * 6, ry: 15 + random() * 4, tone: 0.8 + random() * 0.4,
  }));
  for (let y = 0; y < HEIGHT; y += 1) {
    for (let x = 0; x < WIDTH; x += 1) {
      // Wood: stretched noise as grain, warm browns.
      const grain = noise(x / 260, y / 22);
      let r = 150 + 70 * grain;
      let g = 100 + 50 * grain;
      let b = 60 + 30 * grain;
      // The bag: a kraft-paper rectangle, slightly wider at the bottom, with a label.
      const half = 170 + (y - 120) * 0.08;
      if (y > 120 && y < 620 && Math.abs(x - 400) < half) {
        const paper = noise(x / 40, y / 40);
        r = 196 + 40 * paper; g = 160 + 34 * paper; b = 112 + 26 * paper;
        if (y > 300 && y < 440 && Math.abs(x - 400) < 110) { r = 238; g = 232; b = 220; }
        if (y > 340 && y < 360 && Math.abs(x - 400) < 80) { r = 60; g = 40; b = 30; }
        // Shade towards the edges.
        const edge = 1 - 0.35 * (Math.abs(x - 400) / half) ** 3;
        r *= edge; g *= edge; b *= edge;
      }
      for (const bean of beans) {
        const dx = x - bean.x;
        const dy = y - bean.y;
        const u = (dx * Math.cos(bean.a) + dy * Math.sin(bean.a)) / bean.rx;
        const v = (-dx * Math.sin(bean.a) + dy * Math.cos(bean.a)) / bean.ry;
        const d = u * u + v * v;
        if (d < 1) {
          const light = (1 - d * 0.6) * bean.tone * (Math.abs(v) < 0.12 ? 0.45 : 1);
          r = 92 * light + 20; g = 52 * light + 12; b = 30 * light + 8;
        }
      }
      // Sensor grain.
      const n = (random() - 0.5) * 18;
      const i = (y * WIDTH + x) * 4;
      rgba[i] = Math.max(0, Math.min(255, r + n));
      rgba[i + 1] = Math.max(0, Math.min(255, g + n));
      rgba[i + 2] = Math.max(0, Math.min(255, b + n));
      rgba[i + 3] = 255;
    }
  }
  return jpeg.encode({ data: rgba, width: WIDTH, height: HEIGHT }, 80).data;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node bench/lighthouse/image.mjs OUT.jpg');
    process.exit(2);
  }
  fs.writeFileSync(out, productJpeg());
}
