// Optional: sort the scorecard by the status of a column (most severe first). The page reads the same without it.
(function () {
  var table = document.getElementById("scorecard-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  function sortBy(column) {
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
      if (column < 0) { return order; }
      var x = Number(a.cells[column].getAttribute("data-severity"));
      var y = Number(b.cells[column].getAttribute("data-severity"));
      return (x - y) || order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-sort-column]"), function (button) {
    button.addEventListener("click", function () { sortBy(Number(button.getAttribute("data-sort-column"))); });
  });
  var controls = document.getElementById("sort-controls");
  if (controls) { controls.hidden = false; }
})();
