// Old search widget still embedded on the marketing site.
(function () {
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  var box = document.getElementById("search-results");
  box.innerHTML = "<p>Results for <b>" + q + "</b></p>";
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
