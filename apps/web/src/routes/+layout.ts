// A client-only SPA: the server serves one fallback page, and every page needs the browser (API, live document).
export const ssr = false;
export const prerender = false;
