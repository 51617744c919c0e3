// Old search widget still embedded on the marketing site.
(function () {
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  var box = document.getElementById("search-results");
  var heading = document.createElement("p");
  heading.textContent = "Results for " + q;
  box.appendChild(heading);
  fetch("/api/search?q=" + encodeURIComponent(q))
    .then(function (r) { return r.json(); })
    .then(function (rows) {
      rows.forEach(function (row) {
        var li = document.createElement("li");
        li.textContent = row.title;
        box.appendChild(li);
      });
    });
})();
