// `search: full`: Pagefind's search UI on the search page, with the subjects as a filter.
// Pagefind (https://pagefind.app) wrote pagefind/ after the build; see the README, "Search".
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return;
  new PagefindUI({ element: "#pagefind-search", showSubResults: true, showImages: false });
});
