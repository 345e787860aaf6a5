// The catalog the screens show: rows of posters. Plain data, the same for
// every template — replace it with your API (fetch('/api/home.json') works
// in browsers and, from the app bundle, under `reel run`).

/** The stage: a TV's logical resolution. The renderer scales it to the canvas. */
export const W = 1920;
export const H = 1080;

export const SIDE = 96; // the page's left/right margin (TV safe area)
export const POSTER_W = 220;
export const POSTER_H = 330;
export const GAP = 28;

export interface Poster {
  id: string;
  title: string;
  year: number;
  genre: string;
  minutes: number;
  synopsis: string;
  /** Gradient colours, 0xRRGGBBAA. */
  top: number;
  bottom: number;
}

export interface Row {
  title: string;
  posters: Poster[];
}

const WORDS = ['Midnight', 'Harbor', 'Signal', 'Paper', 'Orbit', 'Glass', 'River', 'Echo', 'Copper', 'North', 'Velvet', 'Static'];
const NOUNS = ['Line', 'Garden', 'Protocol', 'Summer', 'Machine', 'Hours', 'Archive', 'Coast', 'Theory', 'Light'];
const GENRES = ['Drama', 'Thriller', 'Documentary', 'Comedy', 'Sci-fi', 'Adventure'];

/** An HSL colour as 0xRRGGBBff. */
function hsl(h: number, s: number, l: number): number {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return ((f(0) << 24) | (f(8) << 16) | (f(4) << 8) | 0xff) >>> 0;
}

function poster(row: number, col: number): Poster {
  const n = row * 10 + col;
  const hue = (row * 97 + col * 31) % 360;
  return {
    id: `${row}-${col}`,
    title: `${WORDS[(n * 5 + row) % WORDS.length]} ${NOUNS[(n * 3 + col) % NOUNS.length]}`,
    year: 2014 + ((n * 7) % 12),
    genre: GENRES[(row + col * 2) % GENRES.length],
    minutes: 84 + ((n * 13) % 70),
    synopsis:
      'A story told in the quiet hours between two cities, where every signal carries a promise ' +
      'and every promise a price. Replace this text with your catalog.',
    top: hsl(hue, 0.62, 0.56),
    bottom: hsl((hue + 40) % 360, 0.7, 0.2),
  };
}

export const ROWS: Row[] = ['Trending now', 'New releases', 'Documentaries', 'Because you watched'].map((title, r) => ({
  title,
  posters: Array.from({ length: 10 }, (_, c) => poster(r, c)),
}));

export function posterById(id: string): Poster | undefined {
  for (const row of ROWS) for (const p of row.posters) if (p.id === id) return p;
  return undefined;
}
