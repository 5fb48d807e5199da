// Return-request forms. The form works without this file; with it:
// - each fill gets a submission id, so a double click or a network retry makes
//   one request, not two;
// - the time from first touching the form to sending it is measured here, in the
//   browser (a time stamp in the page would measure the cache, not the visitor);
// - for clinics that use reCAPTCHA, Google's script is loaded only once the
//   visitor starts the form, and its token is added when the form is sent. If
//   reCAPTCHA does not answer, the form is sent anyway.
(function () {
    "use strict";

    function uuid4() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        var bytes = new Uint8Array(16);
        crypto.getRandomValues(bytes);
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        var hex = Array.prototype.map.call(bytes, function (b) {
            return ("0" + b.toString(16)).slice(-2);
        }).join("");
        return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
    }

    var recaptchaRequested = false;

    function loadRecaptcha(key) {
        if (recaptchaRequested) {
            return;
        }
        recaptchaRequested = true;
        var script = document.createElement("script");
        script.src = "https://www.google.com/recaptcha/api.js?render=" + encodeURIComponent(key);
        script.async = true;
        document.head.appendChild(script);
    }

    function recaptchaToken(key, done) {
        var finished = false;
        function finish(token) {
            if (!finished) {
                finished = true;
                done(token || "");
            }
        }
        // Never hold a request hostage: without an answer in 5 s, send without.
        setTimeout(finish, 5000);
        if (!window.grecaptcha || !grecaptcha.ready) {
            finish("");
            return;
        }
        try {
            grecaptcha.ready(function () {
                grecaptcha.execute(key, { action: "return_request" }).then(finish, function () { finish(""); });
            });
        } catch (error) {
            finish("");
        }
    }

    // How long a sent form stays locked against a second click. The server
    // recognises a repeat anyway; after this, a visitor whose send was stopped
    // or stalled can send again.
    var RESEND_AFTER_MS = 8000;

    function setUp(form) {
        var started = null;
        var sending = false;
        var sent = false;
        var unlockTimer = null;
        var key = form.getAttribute("data-recaptcha-key");
        var idField = form.querySelector("[name=submission_id]");
        var fillField = form.querySelector("[name=fill_ms]");
        var tokenField = form.querySelector("[name=captcha]");
        var button = form.querySelector("[type=submit]");
        // After a refused send, the page comes back with the time measured so
        // far (and the same submission id): this fill goes on from there.
        var measuredBefore = fillField ? parseInt(fillField.value, 10) || 0 : 0;

        function start() {
            if (started !== null) {
                return;
            }
            started = Date.now();
            if (idField && !idField.value) {
                idField.value = uuid4();
            }
            if (key) {
                loadRecaptcha(key);
            }
        }

        function unlock() {
            sending = false;
            clearTimeout(unlockTimer);
            if (button) {
                button.removeAttribute("aria-disabled");
            }
        }

        if (measuredBefore) {
            // This page is the answer to that send, never a cached copy: the
            // time spent reading its errors is part of the fill.
            start();
        }
        form.addEventListener("focusin", start);
        form.addEventListener("input", start);
        form.addEventListener("submit", function (event) {
            if (sending) {
                event.preventDefault(); // a second click: the first is on its way
                return;
            }
            start();
            if (fillField) {
                fillField.value = String(measuredBefore + Date.now() - started);
            }
            sending = true;
            sent = true;
            unlockTimer = setTimeout(unlock, RESEND_AFTER_MS);
            if (button) {
                button.setAttribute("aria-disabled", "true");
            }
            if (key && tokenField) {
                event.preventDefault();
                recaptchaToken(key, function (token) {
                    tokenField.value = token;
                    form.submit();
                });
            }
        });
        window.addEventListener("pageshow", function (event) {
            unlock();
            if (event.persisted && sent) {
                // Back to a form already sent: what the visitor does now is a
                // new fill, with an id and a fill time of its own.
                sent = false;
                started = null;
                measuredBefore = 0;
                if (idField) {
                    idField.value = "";
                }
                if (fillField) {
                    fillField.value = "";
                }
            }
        });
    }

    document.querySelectorAll("form[data-lead-form]").forEach(setUp);

    // After a failed send, take keyboard and screen-reader users to the errors;
    // after a successful one, to the thank-you heading.
    // Wait until the browser has scrolled to the #lead-... fragment, which would
    // otherwise take the focus back to the page.
    var focusTarget = document.querySelector("[data-lead-errors], [data-lead-sent]");
    if (focusTarget) {
        window.addEventListener("load", function () {
            setTimeout(function () {
                focusTarget.focus();
            }, 0);
        });
    }
})();
