/* referralgraph: the name matcher of referralgraph.model.names, in the map's JavaScript.
   The same folding (NFKD, marks dropped, lower case, letters spelled out, apostrophes removed,
   everything but letters and digits as one space) and the same finding rules (exact id, folded
   name, then folded id and word starts for 3+ characters together, whole words when shorter); tests run both sides on one list of names. */
var RGNames = (function () {
  "use strict";
  var SPELLED = { "\u0131": "i", "\u00df": "ss", "\u00f8": "o", "\u00e6": "ae", "\u0153": "oe", "\u0142": "l",
    "\u0111": "d", "\u00f0": "d", "\u00fe": "th", "\u0127": "h", "\u0167": "t", "\u0138": "k", "\u014b": "n",
    "\u03c2": "\u03c3" };
  var SPELL = /[\u0131\u00df\u00f8\u00e6\u0153\u0142\u0111\u00f0\u00fe\u0127\u0167\u0138\u014b\u03c2]/g;
  var APOSTROPHES = /['\u2019\u02bc\u2018`\u00b4]/g;
  var MARKS = /\p{M}/gu;
  var OTHER = /[^\p{L}\p{N}]+/gu;
  var PREFIX_MIN = 3;

  function fold(text) {
    if (typeof text !== "string") { return ""; }
    var s = text.normalize("NFKD").replace(MARKS, "").toLowerCase();
    s = s.replace(SPELL, function (c) { return SPELLED[c]; }).replace(APOSTROPHES, "");
    s = s.normalize("NFKD").replace(MARKS, "");
    return s.replace(OTHER, " ").trim();
  }

  function foldAll(values) {
    var out = new Array(values.length);
    for (var i = 0; i < values.length; i++) { out[i] = fold(values[i] == null ? "" : String(values[i])); }
    return out;
  }

  /* Every position the first matching rule finds ([] for nobody). `folded` caches foldAll of names and ids. */
  function find(query, ids, names, folded, prefix) {
    var q = String(query == null ? "" : query).trim(), i, hit = [];
    if (!q) { return { codes: [], rule: "" }; }
    for (i = 0; i < ids.length; i++) { if (String(ids[i]) === q) { return { codes: [i], rule: "id" }; } }
    var key = fold(q);
    if (!key) { return { codes: [], rule: "" }; }
    folded = folded || { names: foldAll(names), ids: foldAll(ids) };
    for (i = 0; i < names.length; i++) { if (folded.names[i] === key) { hit.push(i); } }
    if (hit.length || prefix === false) { return { codes: hit, rule: hit.length ? "name" : "" }; }
    var re = key.length >= PREFIX_MIN ? new RegExp("(?:^| )" + key.split(" ").join("\\S* (?:\\S+ )*"), "u")
      : new RegExp("(?:^| )" + key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(?: |$)", "u");  // short: whole words
    for (i = 0; i < ids.length; i++) {  // a folded id, or word starts: together, in position order
      if (folded.ids[i] === key || (re !== null && re.test(folded.names[i]))) { hit.push(i); }
    }
    return { codes: hit, rule: hit.length ? "prefix" : "" };
  }

  return { fold: fold, foldAll: foldAll, find: find };
})();
if (typeof module !== "undefined" && module.exports) { module.exports = RGNames; }
