// Fills in what a page Varnish shares leaves empty (warta_site/varnish.py): the
// CSRF token of every form that posts, and the comment form's signed stamp,
// from an uncached endpoint. Until then the comment form stays hidden behind a
// link to the uncached form page, which is also what a reader without
// JavaScript, or whose request failed, uses.
(function () {
    "use strict";
    var script = document.currentScript;
    var form = document.querySelector("form[data-stamp-url]");
    var posting = document.querySelectorAll('form[method="post"]');
    if (!window.fetch || (!form && !posting.length)) {
        return;
    }
    var url = form ? form.getAttribute("data-stamp-url") : script.getAttribute("data-token-url");
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) {
            if (!response.ok) {
                throw new Error("HTTP " + response.status);
            }
            return response.json();
        })
        .then(function (values) {
            posting.forEach(function (other) {
                var input = other.querySelector('input[name="csrfmiddlewaretoken"]');
                if (!input) {
                    input = document.createElement("input");
                    input.type = "hidden";
                    input.name = "csrfmiddlewaretoken";
                    other.prepend(input);
                }
                input.value = values.csrfmiddlewaretoken;
            });
            if (!form) {
                return;
            }
            Object.keys(values).forEach(function (name) {
                var field = form.elements.namedItem(name);
                if (field) {
                    field.value = values[name];
                }
            });
            form.hidden = false;
            var fallback = document.querySelector("[data-comment-fallback]");
            if (fallback) {
                fallback.hidden = true;
            }
        })
        .catch(function () {
            // The link to the uncached form page stays.
        });
})();
