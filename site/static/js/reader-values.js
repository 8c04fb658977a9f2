// Fills in what a page Varnish shares leaves empty (warta_site/varnish.py): the
// CSRF token of the forms that post, and the comment form's signed stamp, from
// an uncached endpoint. Asked only when a reader starts writing or sends a form,
// so that a thousand readers of a cached article are not a thousand requests to
// the app servers. Without JavaScript the comment form stays hidden behind a
// link to the uncached form page (also the way out when the request fails).
(function () {
    "use strict";
    if (!window.fetch) {
        return;
    }
    var script = document.currentScript;
    var tokenUrl = script.getAttribute("data-token-url");
    var form = document.querySelector("form[data-stamp-url]");
    var asked = {};

    function ask(url) {
        if (!asked[url]) {
            asked[url] = fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
                .then(function (response) {
                    if (!response.ok) {
                        throw new Error("HTTP " + response.status);
                    }
                    return response.json();
                })
                .then(function (values) {
                    document.querySelectorAll('form[method="post"]').forEach(function (other) {
                        var input = other.querySelector('input[name="csrfmiddlewaretoken"]');
                        if (!input) {
                            input = document.createElement("input");
                            input.type = "hidden";
                            input.name = "csrfmiddlewaretoken";
                            other.prepend(input);
                        }
                        input.value = values.csrfmiddlewaretoken;
                    });
                    return values;
                });
            asked[url].catch(function () {
                delete asked[url];
            });
        }
        return asked[url];
    }

    function fillStamp() {
        return ask(form.getAttribute("data-stamp-url")).then(function (values) {
            Object.keys(values).forEach(function (name) {
                var field = form.elements.namedItem(name);
                if (field && field.type === "hidden") {
                    field.value = values[name];
                }
            });
        });
    }

    function sendAfter(target, filling) {
        target.addEventListener("submit", function (event) {
            var token = target.querySelector('input[name="csrfmiddlewaretoken"]');
            if (token && token.value && (target !== form || form.elements.namedItem("security_hash").value)) {
                return;
            }
            event.preventDefault();
            filling().then(function () {
                target.submit();
            }, function () {
                window.location.href = document.querySelector("[data-comment-fallback] a")
                    ? document.querySelector("[data-comment-fallback] a").href
                    : window.location.href;
            });
        });
    }

    if (form) {
        form.hidden = false;
        var fallback = document.querySelector("[data-comment-fallback]");
        if (fallback) {
            fallback.hidden = true;
        }
        form.addEventListener("focusin", function () {
            fillStamp().catch(function () {});
        }, {once: true});
        sendAfter(form, fillStamp);
    }
    document.querySelectorAll('form[method="post"]').forEach(function (other) {
        if (other !== form && other.id !== "lapor-komentar") {
            sendAfter(other, function () {
                return ask(tokenUrl);
            });
        }
    });
    // The report buttons post the hidden form "lapor-komentar" with formaction.
    document.querySelectorAll('button[form="lapor-komentar"]').forEach(function (button) {
        button.addEventListener("click", function (event) {
            var token = document.querySelector('#lapor-komentar input[name="csrfmiddlewaretoken"]');
            if (token && token.value) {
                return;
            }
            event.preventDefault();
            ask(tokenUrl).then(function () {
                button.click();
            });
        });
    });
})();
