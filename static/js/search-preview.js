// Redraws the Promote tab's search and share preview (home.panels.SearchPreviewPanel)
// from the page form as the editor types: the same rules as base.html and
// includes/meta.html, so the preview shows what the page will send.
(function () {
  "use strict";

  function value(form, name) {
    var field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
  }

  function checked(form, name) {
    var field = form.elements.namedItem(name);
    return Boolean(field && field.checked);
  }

  function setText(preview, selector, text) {
    preview.querySelectorAll(selector).forEach(function (element) {
      element.textContent = text;
    });
  }

  function note(preview, name, shown) {
    var element = preview.querySelector('[data-preview-note="' + name + '"]');
    if (element) {
      element.hidden = !shown;
    }
  }

  function redraw(preview, form) {
    var data = preview.dataset;
    var title = value(form, "seo_title") || value(form, "title");
    var titleTag = title + " | " + data.clinicName;
    var description = value(form, "search_description");
    if (!description && data.introFallback === "true") {
      description = value(form, "intro");
    }
    var slug = value(form, "slug");

    setText(preview, "[data-preview-title]", titleTag);
    setText(preview, "[data-preview-share-title]", title);
    setText(preview, "[data-preview-description]", description);
    setText(preview, "[data-preview-share-description]", description);
    if (data.urlBase && slug) {
      setText(preview, "[data-preview-url]", data.urlBase + slug + "/");
    }
    note(preview, "title-long", titleTag.length > Number(data.titleLength));
    note(preview, "description-missing", !description);
    note(preview, "description-long", description.length > Number(data.descriptionLength));
    note(preview, "noindex", checked(form, "noindex"));
  }

  function start() {
    document.querySelectorAll("[data-search-preview]").forEach(function (preview) {
      var form = preview.closest("form");
      if (!form) {
        return;
      }
      var scheduled = false;
      // Wagtail fills the slug from the title in its own input listener:
      // redraw once the other listeners have run.
      function later() {
        if (!scheduled) {
          scheduled = true;
          window.requestAnimationFrame(function () {
            scheduled = false;
            redraw(preview, form);
          });
        }
      }
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      redraw(preview, form);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
