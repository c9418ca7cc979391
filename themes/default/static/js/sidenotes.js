/*
 * Sidenotes, as a progressive enhancement of the endnotes.
 *
 * The article body carries each note once, as an endnote
 * (<section class="footnotes" role="doc-endnotes">). This script copies each note into a
 * <span class="sidenote" aria-hidden="true"> right after its first reference, or,
 * when the reference sits in a table, an aside (pull quote, sidebar), a figure or a
 * list, right after the outermost such block (a note floated from inside a table
 * cell or a pull quote would land in the table or over the text); the
 * stylesheet shows the copies in the margin on screens at least 1200px wide and hides
 * them everywhere else. The endnotes stay: they serve narrow screens, print, screen
 * readers, feeds and readers without JavaScript. The copies are hidden from assistive
 * technology and their links are taken out of the tab order, so nothing is read or
 * focused twice.
 */
(function () {
  "use strict";
  var body = document.querySelector(".article-body");
  if (!body || !body.querySelectorAll) return;
  var refs = body.querySelectorAll('sup.footnote-ref > a[href^="#"]');
  var done = {};
  var blocks = "table, aside, figure, ul, ol, dl, blockquote";
  /* The element to put the note after: the outermost enclosing block of `blocks`
     inside the body, else the reference's <sup>; then past notes already there. */
  function anchorFor(sup) {
    var anchor = sup;
    for (var el = sup.parentElement; el && el !== body; el = el.parentElement) {
      if (el.matches(blocks)) anchor = el;
    }
    while (anchor !== sup && anchor.nextElementSibling &&
           anchor.nextElementSibling.classList.contains("sidenote")) {
      anchor = anchor.nextElementSibling;
    }
    return anchor;
  }
  for (var i = 0; i < refs.length; i++) {
    var ref = refs[i];
    var id = decodeURIComponent(ref.getAttribute("href").slice(1));
    var note = document.getElementById(id);
    if (done[id] || !note || note.closest(".sidenote")) continue;
    done[id] = true;
    var side = document.createElement("span");
    side.className = "sidenote";
    side.setAttribute("aria-hidden", "true");
    var number = document.createElement("span");
    number.className = "sidenote-number";
    number.textContent = ref.textContent + " ";
    side.appendChild(number);
    for (var c = 0; c < note.children.length; c++) {
      var part = document.createElement("span");
      part.className = "sidenote-part";
      part.innerHTML = note.children[c].innerHTML;
      side.appendChild(part);
    }
    var strip = side.querySelectorAll('[role="doc-backlink"]');
    for (var b = 0; b < strip.length; b++) strip[b].remove();
    var ids = side.querySelectorAll("[id]");
    for (var d = 0; d < ids.length; d++) ids[d].removeAttribute("id");
    var links = side.querySelectorAll("a, button, input, select, textarea, [tabindex]");
    for (var l = 0; l < links.length; l++) links[l].setAttribute("tabindex", "-1");
    anchorFor(ref.parentNode).insertAdjacentElement("afterend", side);
  }
  if (i > 0) document.documentElement.classList.add("has-sidenotes");
})();
