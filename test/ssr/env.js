// What a bundler would replace in an app (nanostores reads it): here the page defines it, from a
// file, as the page allows no inline script.
window.process = { env: { NODE_ENV: 'development' } };
