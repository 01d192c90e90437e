// The /api/ page's forms leave out the parameters left empty, so an optional one is not given at all
// (an empty value is a value, and not an IRI); coming back to the page enables them again.
document.addEventListener("submit", (event) => {
  for (const field of event.target.elements) {
    if (field.name && field.value === "") field.disabled = true;
  }
});
window.addEventListener("pageshow", () => {
  for (const field of document.querySelectorAll("form [name]")) field.disabled = false;
});
