// Registration form: show only the fields of the chosen user category. Without JavaScript every
// section stays visible and the server simply ignores the sections of other categories.
(function () {
  'use strict';
  var radios = document.querySelectorAll('input[data-category-choice]');
  var sections = document.querySelectorAll('[data-for-category]');
  if (!radios.length || !sections.length) return;
  function update() {
    var chosen = document.querySelector('input[data-category-choice]:checked');
    sections.forEach(function (section) {
      section.hidden = !chosen || section.getAttribute('data-for-category') !== chosen.value;
    });
  }
  radios.forEach(function (r) {
    r.addEventListener('change', update);
  });
  update();
})();
