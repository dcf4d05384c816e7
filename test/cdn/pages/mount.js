// Adds the four widgets right here, where this script tag is (see fixture.js).
window.fixture.mount(document.currentScript.dataset.where, document.currentScript);
