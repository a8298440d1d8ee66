/*
 * Glue between Decap CMS and a BIP repository: the editor writes what
 * `make new` writes and checks dates as `make check` does.
 *
 * - A new document's file is content/<dział>/<rrrr-mm-dd>-<nazwa>.md with
 *   <nazwa> made from the title as by `make new` (bip_content.scaffold.slug):
 *   letters folded, words of [a-z0-9], at most 8, and the date today's in
 *   the clerk's time zone. Decap builds file names from the form's values,
 *   so the name goes in as the key `nazwa` and is taken out of the file
 *   again on its way to the repository.
 * - Attachments live in the document's folder content/<dział>/<nazwa>/.
 *   Decap names a folder only from the whole file name, so every path that
 *   reaches the repository has the date of <rrrr-mm-dd>-<nazwa>/ removed.
 *   Backends `bip-proxy`, `bip-gitlab`, `bip-github` and `bip-gitea` are
 *   Decap's own with this mapping.
 * - An attachment's file name follows the file-name rule (tree.fixed_name):
 *   „Uchwała nr XII.2026.docx” is saved as uchwala-nr-xii-2026.docx.
 * - "Powód zmiany" is not a key of the file: it goes into the commit as a
 *   `Powód:` trailer, the reason the document's history shows.
 * - Empty optional fields are left out of the file, as the guide asks.
 * - The preview shows the document as the published page does: the site's
 *   CSS, the title, the body, the attachments and the metryczka.
 */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var NAME_KEY = "nazwa"; // editor.NAME_KEY
  var REASON_KEY = "powod_zmiany"; // editor.REASON_KEY
  var reason = ""; // of the change being saved, for its commit
  var SLUG_WORDS = 8;
  var DATED_FOLDER = /^(.*\/)?\d{4}-\d{2}-\d{2}-([^/]+)\/([^/]+)$/;

  function fold(text) {
    return text.toLowerCase().replace(/ł/g, "l").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  function slug(title) {
    var words = fold(title).match(/[a-z0-9]+/g) || [];
    return words.slice(0, SLUG_WORDS).join("-") || "dokument";
  }

  // Today in the clerk's own time zone, as make new dates its files.
  function today() {
    var now = new Date();
    var pad = function (n) { return String(n).padStart(2, "0"); };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // tree.fixed_name: the closest name that follows the file-name rule.
  function fixedName(name) {
    var letters = { ą: "a", ć: "c", ę: "e", ł: "l", ń: "n", ó: "o", ś: "s", ź: "z", ż: "z" };
    var lower = name.toLowerCase().replace(/[ąćęłńóśźż]/g, function (c) { return letters[c]; });
    var dot = lower.lastIndexOf(".");
    var stem = dot < 0 ? lower : lower.slice(0, dot);
    var suffix = dot < 0 ? "" : (lower.slice(dot + 1).match(/[a-z0-9]/g) || []).join("");
    var words = (stem.match(/[a-z0-9]+/g) || []).join("-") || "plik";
    return suffix ? words + "." + suffix : words;
  }

  function withFixedName(path) {
    var slash = path.lastIndexOf("/");
    return path.slice(0, slash + 1) + fixedName(path.slice(slash + 1));
  }

  function inRepository(path) {
    return path.replace(DATED_FOLDER, "$1$2/$3");
  }

  function folderInRepository(folder) {
    return folder ? inRepository(folder + "/-").slice(0, -2) : folder;
  }

  // The front matter without the line of the file-name key (quoted when
  // YAML would read it as a number, as "2026").
  var NAME_LINE = new RegExp("^" + NAME_KEY + ": (['\"]?)[a-z0-9-]+\\1\\n", "m");

  function withoutNameKey(raw) {
    var end = raw.indexOf("\n---", 3);
    if (!raw.startsWith("---\n") || end < 0) {
      return raw;
    }
    return raw.slice(0, end + 1).replace(NAME_LINE, "") + raw.slice(end + 1);
  }

  var MAPPED = {
    persistEntry: function (impl, entry, options) {
      entry.dataFiles.forEach(function (file) { file.raw = withoutNameKey(file.raw); });
      if (reason && options && options.commitMessage) {
        options.commitMessage += "\n\nPowód: " + reason;
      }
      reason = "";
      entry.assets.forEach(function (asset) {
        asset.path = inRepository(withFixedName(asset.path));
      });
      return impl.persistEntry(entry, options);
    },
    persistMedia: function (impl, file, options) {
      file.path = inRepository(withFixedName(file.path));
      return impl.persistMedia(file, options);
    },
    // Only a document's own folder is listed: a new document has none yet,
    // and the dział's folder holds other documents, not attachments.
    getMedia: function (impl, folder) {
      if (!folder || folderInRepository(folder) === folder) {
        return Promise.resolve([]);
      }
      // Listed under the folder the editor computed, as its filter expects.
      var rest = Array.prototype.slice.call(arguments, 2);
      return impl.getMedia.apply(impl, [folderInRepository(folder)].concat(rest))
        .then(function (files) {
          return files.filter(function (file) { return file.name.charAt(0) !== "."; })
            .map(function (file) {
              return Object.assign({}, file, { path: folder + "/" + file.name });
            });
        });
    },
    getMediaFile: function (impl, path) { return impl.getMediaFile(inRepository(path)); },
    deleteFile: function (impl, path, message) {
      return impl.deleteFile(inRepository(path), message);
    },
    // A document deleted goes with its attachment folder (as a clerk expects,
    // and so that make check has no attachment of no document to warn about).
    deleteFiles: function (impl, paths, message) {
      var files = paths.map(inRepository);
      return Promise.all(files.map(function (path) { return attachmentsOf(impl, path); }))
        .then(function (lists) {
          return impl.deleteFiles(files.concat.apply(files, lists), message);
        });
    },
  };

  var DOCUMENT_FILE = /^(.*\/)\d{4}-\d{2}-\d{2}-([^/]+)\.md$/;

  // The files of a document's attachment folder (<dział>/<nazwa>/), or none.
  function attachmentsOf(impl, path) {
    var found = path.match(DOCUMENT_FILE);
    if (!found) {
      return Promise.resolve([]);
    }
    var folder = found[1] + found[2];
    return impl.getMedia(folder)
      .then(function (files) {
        return files.map(function (file) { return folder + "/" + file.name; });
      })
      .catch(function () { return []; });
  }

  function mapped(name) {
    var base = CMS.getBackend(name);
    return function Backend() {
      var impl = base.init.apply(null, arguments);
      return new Proxy(impl, {
        get: function (target, key) {
          if (Object.prototype.hasOwnProperty.call(MAPPED, key)) {
            return MAPPED[key].bind(null, target);
          }
          var value = target[key];
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    };
  }

  ["proxy", "gitlab", "github", "gitea"].forEach(function (name) {
    CMS.registerBackend("bip-" + name, mapped(name));
  });

  function isEmpty(value) {
    return value === undefined || value === null || value === "" ||
      (typeof value === "object" && typeof value.size === "number" && value.size === 0);
  }

  function pruned(value) {
    if (value && typeof value === "object" && typeof value.filter === "function") {
      return value.map(pruned).filter(function (item) { return !isEmpty(item); });
    }
    return typeof value === "string" && value.trim() === "" ? "" : value;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      var body = data.get("body");
      reason = String(data.get(REASON_KEY) || "").split(/\s+/).join(" ").trim();
      data = pruned(data.delete("body").delete(REASON_KEY)).set("body", body || "");
      var attachments = data.get("zalaczniki");
      if (attachments) {
        data = data.set("zalaczniki", attachments.map(function (item) {
          return item.get("plik") ? item.set("plik", fixedName(item.get("plik"))) : item;
        }));
      }
      if (entry.get("newRecord")) {
        data = data.set(NAME_KEY, today() + "-" + slug(data.get("tytul") || ""));
      }
      return data;
    },
  });

  // A date as make check reads it: a real day, and for data_wytworzenia not
  // after today. The messages are make check's (config.js carries them).
  var StringControl = CMS.getWidget("string").control;
  class DateControl extends StringControl {
    isValid = () => {
      var value = (this.props.value || "").trim();
      var messages = this.props.field.get("bip_komunikaty");
      var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!match || !messages) {
        return true;
      }
      var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
      var exists = day.getUTCFullYear() === +match[1] && day.getUTCMonth() === +match[2] - 1 &&
        day.getUTCDate() === +match[3];
      var said = !exists ? messages.get("no_such_date")
        : value > today() ? messages.get("date_in_future") : "";
      return said ? { error: { type: "CUSTOM", message: said.replace("{value}", value) } } : true;
    };
  }
  CMS.registerWidget("bip-data", DateControl, CMS.getWidget("string").preview);

  // The preview: the published page's markup (theme/templates/article.html).
  var MONTHS = ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
    "sierpnia", "września", "października", "listopada", "grudnia"];

  function polishDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}:\d{2}))?$/.exec(value || "");
    if (!match) {
      return value || "";
    }
    var text = +match[3] + " " + MONTHS[+match[2] - 1] + " " + match[1];
    return match[4] && match[4] !== "00:00" ? text + ", godz. " + match[4] : text;
  }

  function optionLabel(collection, name, value) {
    var field = collection.get("fields").find(function (f) { return f.get("name") === name; });
    var option = field && field.get("options").find(function (o) { return o.get("value") === value; });
    return option ? option.get("label") : value || "";
  }

  function metryczka(rows) {
    return h("section", { className: "bip-metryczka", "aria-labelledby": "bip-metryczka-heading" },
      h("h2", { className: "bip-metryczka__heading", id: "bip-metryczka-heading" }, "Metryczka"),
      h("dl", { className: "bip-metryczka__list" }, rows.map(function (row) {
        return h("div", { className: "bip-metryczka__row", key: row[0] },
          h("dt", { className: "bip-metryczka__label" }, row[0]),
          h("dd", { className: "bip-metryczka__value" }, row[1]));
      })));
  }

  function Preview(props) {
    var data = props.entry.get("data");
    var get = function (key) { return data.get(key) || ""; };
    var person = data.get("wytworzyl");
    var rows = [
      ["Podmiot udostępniający", optionLabel(props.collection, "podmiot", get("podmiot"))],
      ["Informację wytworzył", person ? [person.get("osoba"), person.get("funkcja")].filter(Boolean).join(", ") : ""],
      ["Informację wprowadził", get("wprowadzil") || "autor zmiany (z historii w git)"],
      ["Data wytworzenia", polishDate(get("data_wytworzenia"))],
      ["Data udostępnienia", get("data_udostepnienia") ? polishDate(get("data_udostepnienia")) : "chwila publikacji"],
    ];
    if (get("data_archiwizacji")) {
      rows.push(["Data przeniesienia do archiwum", polishDate(get("data_archiwizacji"))]);
    }
    if (get("rodzaj")) {
      rows.push(["Rodzaj dokumentu", get("rodzaj")]);
    }
    var attachments = (data.get("zalaczniki") || []).filter(function (a) { return a && a.get("plik"); });
    return h("div", { className: "bip-page" }, h("main", { className: "bip-main" },
      h("article", { className: "bip-document" },
        h("h1", { className: "bip-title" }, get("tytul")),
        get("numer") || get("rodzaj") ? h("p", { className: "bip-document__number" },
          [get("rodzaj"), get("numer") ? "nr " + get("numer") : ""].filter(Boolean).join(" · ")) : null,
        h("div", { className: "bip-document__body" }, props.widgetFor("body")),
        attachments.size ? h("section", { className: "bip-attachments", "aria-labelledby": "bip-attachments-heading" },
          h("h2", { className: "bip-attachments__heading", id: "bip-attachments-heading" }, "Załączniki"),
          h("ul", { className: "bip-attachments__list" }, attachments.map(function (a) {
            return h("li", { className: "bip-attachments__item", key: a.get("plik") },
              h("span", { className: "bip-attachments__link" }, a.get("opis") + " ",
                h("span", { className: "bip-attachments__meta" }, "(" + a.get("plik") + ")")));
          }))) : null,
        metryczka(rows))));
  }

  CMS.registerPreviewStyle("../theme/css/bip.css");
  CMS.registerPreviewStyle(".bip-main { padding: 1rem; }", { raw: true });
  window.BIP_EDITOR = {
    slug: slug, fixedName: fixedName, inRepository: inRepository, withoutNameKey: withoutNameKey,
  };

  // Accessibility repairs of Decap's own markup (decaporg/decap-cms#1333):
  // names for the preview frame, the body's text box and the buttons and
  // handles of a list's items; empty alt for pictures of files whose names
  // are printed below them.
  function repair(bodyLabel) {
    document.querySelectorAll("iframe#preview-pane:not([title])").forEach(function (frame) {
      frame.setAttribute("title", "Podgląd strony dokumentu");
    });
    document.querySelectorAll("[data-slate-editor]:not([aria-label])").forEach(function (box) {
      box.setAttribute("aria-label", bodyLabel);
    });
    document.querySelectorAll("[aria-roledescription=sortable]:not([aria-label])")
      .forEach(function (handle) {
        handle.setAttribute("aria-label", "Przesuń, aby zmienić kolejność");
      });
    // An item of a list (an attachment): fold on the left, remove on the right.
    document.querySelectorAll("button[class*=-TopBarButton]:not([aria-label])")
      .forEach(function (button) {
        button.setAttribute("aria-label", button.nextElementSibling ? "Zwiń lub rozwiń" : "Usuń z listy");
      });
    // A file's picture in the media library: its name is printed below it.
    document.querySelectorAll("img[class*=-CardImage]:not([alt])").forEach(function (img) {
      img.setAttribute("alt", "");
    });
  }

  function repairing(bodyLabel) {
    var pending = false;
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        requestAnimationFrame(function () { pending = false; repair(bodyLabel); });
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  // config.js (window.BIP_CONFIG) is made from the schema and bip.yaml by
  // bip_content.editor.
  var config = window.BIP_CONFIG;
  config.collections.forEach(function (collection) {
    CMS.registerPreviewTemplate(collection.name, Preview);
  });
  // The review board's card date: Decap's Polish phrases keep the English
  // format "MMMM D" and its bundle has no Polish month names, so cards said
  // "December 1". A numeric date has no month name to translate.
  var polish = CMS.getLocale("pl");
  if (polish && polish.workflow && polish.workflow.workflow) {
    polish.workflow.workflow.dateFormat = "D.MM.YYYY";
  }
  var body = config.collections[0].fields.find(function (f) { return f.name === "body"; });
  repairing(body ? body.label : "Treść");
  CMS.init({ config: Object.assign({ load_config_file: false }, config) });
})();
