// The call bar (templates/includes/call_bar.html) steps aside while the
// header's phone number is on screen, so that at the top of a page it covers
// nothing; once the header scrolls away, the bar keeps the number in view.
// Without this script the bar simply stays.
(function () {
    "use strict";
    var bar = document.querySelector(".call-bar");
    var headerPhone = document.querySelector(".site-header__phone");
    if (!bar || !headerPhone || !("IntersectionObserver" in window)) {
        return;
    }
    new IntersectionObserver(function (entries) {
        bar.classList.toggle("call-bar--aside", entries[0].isIntersecting);
    }).observe(headerPhone);
})();
