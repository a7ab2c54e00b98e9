/* warraq search: the search page's engine and interface.
 *
 * The engine mirrors src/search/ of warraq function by function (spec.rs:
 * folding and words; encode.rs: the binary files; query.rs: reading a query,
 * ranking; snippet.rs: snippets), with the folding tables read from the
 * index's meta.json, which warraq writes from the same tables it indexes
 * with. A test runs this file under Node and `warraq search` on the same
 * queries and compares the results; change both sides together.
 *
 * No framework, no dependency: one script, loaded with `defer` by
 * templates/search.html. Under Node it exports the engine (module.exports).
 */
(function (global) {
  "use strict";

  // ---------------------------------------------------------------- spec

  var WORD = /[\p{Alphabetic}\p{N}]/u;

  /** The folding tables of meta.json, ready to use. */
  function makeSpec(s) {
    var fold = new Map();
    var from = Array.from(s.from);
    var to = s.to.split("|");
    for (var i = 0; i < from.length; i++) fold.set(from[i], to[i]);
    return {
      drop: new Set(Array.from(s.drop)),
      hamza: new Set(Array.from(s.hamza)),
      fold: fold,
      prefixes: s.prefixes,
      notArticle: new Set(s.notArticle),
      nisba: s.nisba,
      plural: s.plural,
      notPlural: new Set(s.notPlural),
      demonyms: s.demonyms,
      keyEndings: s.keyEndings,
      translitJ: new Set(Array.from(s.translitJ)),
      translitMin: s.translitMin,
      maxWord: s.maxWord,
    };
  }

  function isAsciiAlnum(c) {
    return (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
  }

  function seatHamza(word) {
    var last = word.charAt(word.length - 1);
    return last === "\u0648" || last === "\u064A" ? word.slice(0, -1) + "\u0621" : word;
  }

  function finishWord(word) {
    return word.endsWith("\u064A\u0621") ? word.slice(0, -2) + "\u0621" : word;
  }

  /** Calls f(word, start, end) for every word of text (spec.rs `words`):
   * the folded word and the range (UTF-16 indices) it spans. */
  function words(spec, text, f) {
    var word = "";
    var start = -1;
    var end = 0;
    function emit() {
      if (start >= 0) {
        if (word !== "") f(finishWord(word), start, end);
        word = "";
        start = -1;
      }
    }
    function push(d, i, n) {
      if (WORD.test(d)) {
        if (start < 0) start = i;
        word += d;
        end = i + n;
      } else {
        emit();
      }
    }
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i);
      var n = cp > 0xffff ? 2 : 1;
      var c = text.substr(i, n);
      if (cp < 0x80) {
        if (isAsciiAlnum(c)) {
          if (start < 0) start = i;
          word += c.toLowerCase();
          end = i + 1;
        } else {
          emit();
        }
      } else if (cp > 0xffff) {
        emit();
      } else if (spec.drop.has(c)) {
        if (start >= 0) end = i + n;
      } else if (spec.hamza.has(c)) {
        if (start >= 0) {
          word = seatHamza(word);
          end = i + n;
        }
      } else {
        var rep = spec.fold.get(c);
        if (rep === undefined) {
          var lower = c.toLowerCase();
          if (lower === c) {
            push(c, i, n);
            i += n;
            continue;
          }
          rep = lower;
        }
        for (var d of rep) push(d, i, n);
      }
      i += n;
    }
    emit();
  }

  function wordList(spec, text) {
    var out = [];
    words(spec, text, function (w) {
      out.push(w);
    });
    return out;
  }

  function isArabic(word) {
    var c = word.codePointAt(0);
    return c !== undefined && ((c >= 0x0621 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d3));
  }

  function len(s) {
    var n = 0;
    for (var _ of s) n++;
    return n;
  }

  /** [prefix number, rest] for every reading of a word, the whole word first. */
  function splits(spec, word) {
    var out = [[0, word]];
    if (!isArabic(word)) return out;
    var n = len(word);
    for (var i = 1; i < spec.prefixes.length; i++) {
      var p = spec.prefixes[i];
      if (word.startsWith(p) && n - len(p) >= 2) out.push([i, word.slice(p.length)]);
    }
    return out;
  }

  function hasArticle(spec, p) {
    return spec.prefixes[p].endsWith("\u0627\u0644") || spec.prefixes[p].endsWith("\u0644\u0644");
  }

  function stripAll(word) {
    if (!isArabic(word)) return word;
    var w = word;
    for (;;) {
      var n = len(w);
      if (n >= 4 && (w.startsWith("\u0627\u0644") || w.startsWith("\u0644\u0644"))) w = w.slice(2);
      else if (n >= 3 && "\u0648\u0641\u0628\u0643\u0644".indexOf(w.charAt(0)) >= 0) w = w.slice(1);
      else return w;
    }
  }

  function translit(spec, word) {
    var out = "";
    var prev = null;
    for (var c of word) {
      if (spec.translitJ.has(c)) c = "\u062C";
      if (c !== prev) out += c;
      prev = c;
    }
    return out;
  }

  function sameWordKey(spec, word) {
    if (!isArabic(word) || len(word) < spec.translitMin) return word;
    var out = "";
    for (var c of word) out += spec.translitJ.has(c) ? "\u062C" : c;
    return out;
  }

  function cutEndings(spec, word) {
    var w = word;
    for (;;) {
      var n = len(w);
      var e = spec.keyEndings.find(function (x) {
        return w.endsWith(x) && n - len(x) >= 2;
      });
      if (e === undefined) return w;
      w = w.slice(0, w.length - e.length);
    }
  }

  function indexKey(spec, word) {
    if (!isArabic(word)) return word;
    return translit(spec, cutEndings(spec, stripAll(word)));
  }

  /** spec.rs `paradigm`: the family key of a base before folding. */
  function paradigm(spec, base, attested) {
    if (!isArabic(base)) return base;
    var n = len(base);
    function stem(suffix) {
      return base.slice(0, base.length - suffix.length);
    }
    for (var suffix of spec.nisba) {
      if (base.endsWith(suffix) && n - len(suffix) >= 3) return stem(suffix) + "\u064A";
    }
    if (base.endsWith("\u0627\u062A") && n >= 4) return stem("\u0627\u062A") + "\u0647";
    if (base.endsWith("\u0647")) return base;
    for (var pair of spec.plural) {
      if (base.endsWith(pair[0]) && n - 2 >= 3 && !spec.notPlural.has(base)) {
        var singular = stem(pair[0]);
        if (attested(singular) && attested(singular + pair[1])) return singular;
      }
    }
    return base;
  }

  /** spec.rs `family_key`. */
  function familyKey(spec, base, attested) {
    var k = sameWordKey(spec, paradigm(spec, base, attested));
    for (var d of spec.demonyms) if (sameWordKey(spec, d[1]) === k) return sameWordKey(spec, d[0]);
    return k;
  }

  function tagKey(slug) {
    return "\u0001" + slug;
  }

  // ------------------------------------------------------------ encoding

  var utf8 = new TextDecoder("utf-8", { fatal: true });
  /* Fragment files are JSON in windows-1256 (one byte an Arabic letter),
   * with \uXXXX escapes for what it lacks: src/search/fragments.rs. */
  var arabic1256 = new TextDecoder("windows-1256");
  var FRAGMENTS_PER_FOLDER = 1000;

  function fragmentsPath(g) {
    return "f/" + Math.floor(g / FRAGMENTS_PER_FOLDER) + "/" + g + ".json";
  }

  function damaged() {
    return new Error("the search index is damaged: build the site again");
  }

  function Reader(bytes, magic) {
    this.b = bytes;
    this.at = 0;
    if (magic !== null) {
      if (bytes.length < 4 || String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== magic) throw damaged();
      this.at = 4;
    }
  }
  Reader.prototype.varint = function () {
    var n = 0;
    var mul = 1;
    for (;;) {
      if (this.at >= this.b.length || mul > 2 ** 49) throw damaged();
      var x = this.b[this.at++];
      n += (x & 0x7f) * mul;
      if (x < 0x80) return n;
      mul *= 128;
    }
  };
  Reader.prototype.byte = function () {
    if (this.at >= this.b.length) throw damaged();
    return this.b[this.at++];
  };
  Reader.prototype.take = function (n) {
    if (this.at + n > this.b.length) throw damaged();
    var s = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return s;
  };
  Reader.prototype.str = function () {
    return utf8.decode(this.take(this.varint()));
  };
  Reader.prototype.done = function () {
    return this.at >= this.b.length;
  };
  /** A posting list: [[doc, weight], ...], docs ascending. */
  Reader.prototype.postings = function (docs) {
    var df = this.varint();
    var out = [];
    if (df === 0) return out;
    var encoding = this.byte();
    var body = this.take(this.varint());
    if (encoding === 0) {
      var r = new Reader(body, null);
      var prev = -1;
      for (var k = 0; k < df; k++) {
        var v = r.varint();
        var d = prev + 1 + Math.floor(v / 4);
        out.push([d, v % 4]);
        prev = d;
      }
    } else if (encoding === 1) {
      var map = Math.ceil(docs / 8);
      if (body.length < map + Math.ceil(df / 4)) throw damaged();
      for (var doc = 0; doc < docs; doc++) {
        if (body[doc >> 3] & (1 << (doc & 7))) {
          var j = out.length;
          out.push([doc, (body[map + (j >> 2)] >> ((j & 3) * 2)) & 3]);
        }
      }
    } else {
      throw damaged();
    }
    if (out.length !== df) throw damaged();
    return out;
  };

  /** A word list, decoded: words, clusters and tags in file order. */
  function readList(bytes, docs) {
    var r = new Reader(bytes, "WQS1");
    var families = [];
    for (var f = r.varint(); f > 0; f--) families.push(r.str());
    var n = r.varint();
    var list = { families: families, words: [], clusters: [], tags: [] };
    var prev = new Uint8Array(0);
    for (var i = 0; i < n; i++) {
      var shared = r.varint();
      var rest = r.take(r.varint());
      if (shared > prev.length) throw damaged();
      var keyBytes = new Uint8Array(shared + rest.length);
      keyBytes.set(prev.subarray(0, shared));
      keyBytes.set(rest, shared);
      var key = utf8.decode(keyBytes);
      var kind = r.byte();
      if (kind === 0) {
        var base = r.str();
        var family = r.varint();
        if (family >= families.length) throw damaged();
        var mask = r.varint();
        list.words.push({ key: key, base: base, family: family, mask: mask, postings: r.postings(docs), slot: list.words.length });
      } else if (kind === 1) {
        var count = r.varint();
        var spellings = [];
        for (var s = 0; s < count; s++) {
          var nw = r.varint();
          var sp = [];
          for (var w = 0; w < nw; w++) sp.push(r.str());
          spellings.push(sp);
        }
        list.clusters.push({ key: key, spellings: spellings, postings: r.postings(docs) });
      } else if (kind === 2) {
        list.tags.push({ key: key, postings: r.postings(docs) });
      } else {
        throw damaged();
      }
      prev = keyBytes;
    }
    return list;
  }

  /** A positions file: per word entry, per posting, the positions. */
  function readPositions(bytes) {
    var r = new Reader(bytes, "WQP1");
    var out = [];
    while (!r.done()) {
      var b = new Reader(r.take(r.varint()), null);
      var perDoc = [];
      while (!b.done()) {
        var count = b.varint();
        var ps = [];
        var prev = 0;
        for (var i = 0; i < count; i++) {
          var v = b.varint();
          prev = i === 0 ? v : prev + v;
          ps.push(prev);
        }
        perDoc.push(ps);
      }
      out.push(perDoc);
    }
    return out;
  }

  // -------------------------------------------------------------- query

  var EXACT = 8;
  var VARIANT = 7;
  var STEMMED = 4;
  var MAX_PARTS = 8;
  var QUOTES = /["«»“”]/;

  /** Words and quoted phrases: [{word}] / [{phrase: [...]}]. */
  function parse(spec, query) {
    var parts = [];
    var pieces = query.split(QUOTES);
    for (var i = 0; i < pieces.length; i++) {
      var ws = wordList(spec, pieces[i]);
      if (i % 2 === 1 && ws.length > 1) parts.push({ phrase: ws });
      else for (var w of ws) parts.push({ word: w });
    }
    return parts.slice(0, MAX_PARTS);
  }

  /** Characters escaped as the Rust side escapes them (markdown.rs). */
  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /** slug.rs `encode_path`: every byte but unreserved ASCII percent-encoded. */
  function encodePath(path) {
    return path
      .split("/")
      .map(function (seg) {
        return encodeURIComponent(seg).replace(/[!'()*]/g, function (c) {
          return "%" + c.charCodeAt(0).toString(16).toUpperCase();
        });
      })
      .join("/");
  }

  function setMax(map, d, s) {
    var e = map.get(d);
    if (e === undefined || s > e) map.set(d, s);
  }

  function sortedKeys(map) {
    return Array.from(map.keys()).sort(function (a, b) {
      return a - b;
    });
  }

  /** An engine over one index. `fetchBytes(path)` resolves to a Uint8Array
   * of a file under search/ (`t/0.bin`). */
  function Engine(meta, fetchBytes) {
    this.meta = meta;
    this.spec = makeSpec(meta.spec);
    this.fetchBytes = fetchBytes;
    this.lists = new Map();
    this.positionFiles = new Map();
    this.fragmentFiles = new Map();
    this.read = new Map();
  }

  Engine.prototype.fetch = async function (path) {
    var bytes = await this.fetchBytes(path);
    this.read.set(path, bytes.length);
    return bytes;
  };

  Engine.prototype.listOf = function (key) {
    var lists = this.meta.lists;
    var lo = 0;
    var hi = lists.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (lists[mid] <= key) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(lo - 1, 0);
  };

  Engine.prototype.list = async function (k) {
    if (!this.lists.has(k)) {
      var self = this;
      this.lists.set(
        k,
        this.fetch("t/" + k + ".bin").then(function (b) {
          return readList(b, self.meta.docs);
        })
      );
    }
    return this.lists.get(k);
  };

  Engine.prototype.positions = async function (k) {
    if (!this.positionFiles.has(k)) this.positionFiles.set(k, this.fetch("p/" + k + ".bin").then(readPositions));
    return this.positionFiles.get(k);
  };

  Engine.prototype.fragments = async function (g) {
    if (!this.fragmentFiles.has(g)) {
      this.fragmentFiles.set(
        g,
        this.fetch(fragmentsPath(g)).then(function (b) {
          return JSON.parse(arabic1256.decode(b));
        })
      );
    }
    return this.fragmentFiles.get(g);
  };

  /** Runs a query: {query, results, total, requests, bytes, years}.
   * opts: {sort: "best"|"new", year, tag, offset, limit (0: all)}. */
  Engine.prototype.search = async function (query, opts) {
    opts = opts || {};
    var spec = this.spec;
    var self = this;
    this.read = new Map();
    var parts = parse(spec, query);
    var wanted = new Set();
    for (var p of parts) for (var w of p.phrase || [p.word]) wanted.add(this.listOf(indexKey(spec, w)));
    for (var j of joinedPairs(parts)) wanted.add(this.listOf(indexKey(spec, j)));
    await Promise.all(
      Array.from(wanted)
        .sort(function (a, b) {
          return a - b;
        })
        .map(function (k) {
          return self.list(k);
        })
    );
    var clauses = await this.clauses(parts);
    var matched = null;
    for (var c of clauses) {
      var docs = await this.clauseDocs(c);
      if (matched === null) {
        matched = docs;
      } else {
        var next = new Map();
        for (var [d, s] of matched) if (docs.has(d)) next.set(d, s + docs.get(d));
        matched = next;
      }
    }
    matched = matched || new Map();
    var years = [];
    for (var y of this.meta.years) {
      var count = 0;
      for (var d2 of matched.keys()) if (d2 >= y[1] && d2 <= y[2]) count++;
      if (count > 0) years.push([y[0], count]);
    }
    years.reverse();
    var found = Array.from(matched.entries());
    if (opts.year) {
      var range = this.meta.years.find(function (r) {
        return r[0] === Number(opts.year);
      });
      found = found.filter(function (x) {
        return range !== undefined && x[0] >= range[1] && x[0] <= range[2];
      });
    }
    if (opts.tag) {
      var key = tagKey(opts.tag);
      var list = await this.list(this.listOf(key));
      var tag = list.tags.find(function (t) {
        return t.key === key;
      });
      var members = new Set(
        tag
          ? tag.postings.map(function (x) {
              return x[0];
            })
          : []
      );
      found = found.filter(function (x) {
        return members.has(x[0]);
      });
    }
    if (opts.sort === "new") {
      found.sort(function (a, b) {
        return b[0] - a[0];
      });
    } else {
      found.sort(function (a, b) {
        return b[1] - a[1] || b[0] - a[0];
      });
    }
    var total = found.length;
    var offset = Math.min(opts.offset || 0, total);
    var end = opts.limit ? Math.min(offset + opts.limit, total) : total;
    var page = found.slice(offset, end);
    var group = this.meta.group;
    var groups = Array.from(
      new Set(
        page.map(function (x) {
          return Math.floor(x[0] / group);
        })
      )
    ).sort(function (a, b) {
      return a - b;
    });
    await Promise.all(
      groups.map(function (g) {
        return self.fragments(g);
      })
    );
    var matchers = this.matchers(clauses);
    var results = [];
    for (var [doc, score] of page) {
      var frag = (await this.fragments(Math.floor(doc / group)))[doc % group];
      results.push({
        url: encodePath(this.meta.base + frag.u),
        title: frag.t,
        date: frag.d,
        score: score,
        snippet: snippet(spec, frag.x, matchers),
        titleHtml: markAll(spec, frag.t, matchers),
        doc: frag,
      });
    }
    var bytes = 0;
    for (var v of this.read.values()) bytes += v;
    return { query: query, results: results, total: total, requests: this.read.size, bytes: bytes, years: years };
  };

  Engine.prototype.resolve = async function (word) {
    var spec = this.spec;
    var key = indexKey(spec, word);
    var k = this.listOf(key);
    var list = await this.list(k);
    var here = list.words.filter(function (w) {
      return w.key === key;
    });
    var readings = splits(spec, word);
    var chosen = null;
    for (var r of readings) {
      chosen = here.find(function (w) {
        return w.base === r[1] && (w.mask & (1 << r[0])) !== 0;
      });
      if (chosen) break;
    }
    if (!chosen) {
      var best = null;
      for (var r2 of readings) {
        var p = r2[0];
        var rest = r2[1];
        if (!articleOk(spec, p, rest)) continue;
        var w2 = here.find(function (w) {
          return w.base === rest;
        });
        if (w2) {
          var df = w2.postings.length;
          var pl = len(spec.prefixes[p]);
          if (best === null || df > best[1] || (df === best[1] && pl > best[2])) best = [w2, df, pl];
        }
      }
      chosen = best ? best[0] : null;
    }
    if (!chosen) return familyOfUnknown(spec, k, list, readings);
    var exactKey = sameWordKey(spec, chosen.base);
    var members = list.words
      .filter(function (w) {
        return w.family === chosen.family;
      })
      .map(function (w) {
        return [w, sameWordKey(spec, w.base) === exactKey];
      });
    // query.rs: the word itself, where the archive has it only after a prefix.
    if (chosen.base !== word) {
      var whole = here.find(function (w) {
        return w.base === word && w.family !== chosen.family;
      });
      if (whole) members.push([whole, true]);
    }
    return { list: k, members: members };
  };

  Engine.prototype.clauses = async function (parts) {
    var out = [];
    var i = 0;
    while (i < parts.length) {
      var part = parts[i];
      var resolved = [];
      if (part.phrase) {
        for (var w of part.phrase) resolved.push(await this.resolve(w));
        var cl = await this.clusterFor(part.phrase, resolved);
        var jp = part.phrase.length === 2 ? await this.joined(part.phrase[0], part.phrase[1]) : null;
        out.push({ phrase: resolved, cluster: cl, joined: jp, words: part.phrase });
        i += 1;
        continue;
      }
      var run = [];
      for (var j = i; j < parts.length && !parts[j].phrase; j++) run.push(parts[j].word);
      for (var w2 of run) resolved.push(await this.resolve(w2));
      var taken = 1;
      var cluster = null;
      for (var l = run.length; l >= 1; l--) {
        var c = await this.clusterFor(run.slice(0, l), resolved.slice(0, l));
        if (c) {
          taken = l;
          cluster = c;
          break;
        }
      }
      var joined = null;
      if (taken === 1 && run.length >= 2) {
        var jw = await this.joined(run[0], run[1]);
        if (jw) {
          joined = jw;
          taken = 2;
          cluster = null;
        }
      }
      if (taken > 1) out.push({ phrase: resolved.slice(0, taken), cluster: cluster, joined: joined, words: run.slice(0, taken) });
      else out.push({ word: resolved[0], cluster: cluster, joined: null, words: run.slice(0, 1) });
      i += taken;
    }
    return out;
  };

  Engine.prototype.joined = async function (a, b) {
    var r = await this.resolve(a + b);
    return r ? { word: a + b, resolved: r } : null;
  };

  Engine.prototype.clusterFor = async function (ws, resolved) {
    var spec = this.spec;
    var key = indexKey(spec, ws[0]);
    var list = await this.list(this.listOf(key));
    for (var c of list.clusters) {
      if (c.key !== key) continue;
      var hit = c.spellings.some(function (s) {
        return (
          s.length === ws.length &&
          s.every(function (sw, o) {
            return wordIs(spec, ws[o], resolved[o], sw);
          })
        );
      });
      if (hit) return { spellings: c.spellings, postings: c.postings };
    }
    return null;
  };

  Engine.prototype.clauseDocs = async function (c) {
    var docs = c.phrase ? await this.phraseDocs(c.phrase) : wordDocs(c.word);
    if (c.cluster) for (var p of c.cluster.postings) setMax(docs, p[0], VARIANT + p[1]);
    if (c.joined) {
      for (var [d2, s3] of wordDocs(c.joined.resolved)) setMax(docs, d2, s3 >= EXACT ? s3 - (EXACT - VARIANT) : s3);
    }
    return docs;
  };

  Engine.prototype.phraseDocs = async function (rs) {
    var perWord = [];
    for (var r of rs) {
      if (!r) return new Map();
      var positions = await this.positions(r.list);
      var docs = new Map();
      for (var m of r.members) {
        if (!m[1]) continue;
        var w = m[0];
        var perDoc = positions[w.slot];
        if (!perDoc) throw damaged();
        w.postings.forEach(function (p, k) {
          var e = docs.get(p[0]);
          if (!e) docs.set(p[0], (e = [[], 0]));
          for (var x of perDoc[k] || []) e[0].push(x);
          e[1] |= p[1];
        });
      }
      for (var v of docs.values()) {
        v[0] = Array.from(new Set(v[0])).sort(function (a, b) {
          return a - b;
        });
      }
      perWord.push(docs);
    }
    var out = new Map();
    if (perWord.length === 0) return out;
    var first = perWord[0];
    for (var d of sortedKeys(first)) {
      var starts = first.get(d)[0];
      var title = (first.get(d)[1] & 2) !== 0;
      var others = [];
      for (var o = 1; o < perWord.length; o++) {
        var e2 = perWord[o].get(d);
        if (!e2) break;
        title = title && (e2[1] & 2) !== 0;
        others.push(new Set(e2[0]));
      }
      if (others.length !== perWord.length - 1) continue;
      var count = starts.filter(function (p) {
        return others.every(function (ps, i) {
          return ps.has(p + 1 + i);
        });
      }).length;
      if (count > 0) out.set(d, EXACT + 2 * (title ? 1 : 0) + (count >= 2 ? 1 : 0));
    }
    return out;
  };

  Engine.prototype.matchers = function (clauses) {
    var out = [];
    clauses.forEach(function (c, i) {
      if (c.phrase) {
        out.push({
          clause: i,
          words: c.words.map(function (w, o) {
            return wordForms(w, c.phrase[o], true);
          }),
        });
      } else {
        out.push({ clause: i, words: [wordForms(c.words[0], c.word, false)] });
      }
      if (c.cluster) {
        for (var s of c.cluster.spellings) {
          out.push({
            clause: i,
            words: s.map(function (w) {
              return { spelling: w };
            }),
          });
        }
      }
      if (c.joined) out.push({ clause: i, words: [wordForms(c.joined.word, c.joined.resolved, false)] });
    });
    return out;
  };

  function articleOk(spec, p, rest) {
    return hasArticle(spec, p)
      ? !spec.notArticle.has("\u0627\u0644" + rest)
      : !(rest.startsWith("\u0627\u0644") && !spec.notArticle.has(rest));
  }

  /** query.rs `family_of_unknown`. */
  function familyOfUnknown(spec, k, list, readings) {
    var rs = readings
      .filter(function (r) {
        return articleOk(spec, r[0], r[1]);
      })
      .map(function (r, i) {
        return [r, i];
      })
      .sort(function (a, b) {
        return len(spec.prefixes[b[0][0]]) - len(spec.prefixes[a[0][0]]) || a[1] - b[1];
      });
    function attested(b) {
      return list.words.some(function (w) {
        return w.base === b;
      });
    }
    for (var x of rs) {
      var f = list.families.indexOf(familyKey(spec, x[0][1], attested));
      if (f < 0) continue;
      return {
        list: k,
        members: list.words
          .filter(function (w) {
            return w.family === f;
          })
          .map(function (w) {
            return [w, false];
          }),
      };
    }
    return null;
  }

  /** query.rs `joined_pairs`. */
  function joinedPairs(parts) {
    var out = [];
    parts.forEach(function (p, i) {
      var next = parts[i + 1];
      if (p.word !== undefined && next && next.word !== undefined) out.push(p.word + next.word);
      else if (p.phrase && p.phrase.length === 2) out.push(p.phrase[0] + p.phrase[1]);
    });
    return out;
  }

  function wordDocs(r) {
    var out = new Map();
    if (!r) return out;
    for (var m of r.members) {
      var base = m[1] ? EXACT : STEMMED;
      for (var p of m[0].postings) setMax(out, p[0], base + p[1]);
    }
    return out;
  }

  function wordForms(word, r, exactOnly) {
    if (!r) return { spelling: word };
    return {
      bases: r.members
        .filter(function (m) {
          return m[1] || !exactOnly;
        })
        .map(function (m) {
          return [m[0].base, m[0].mask];
        }),
    };
  }

  function wordIs(spec, w, r, s) {
    var target = sameWordKey(spec, s);
    if (r) {
      return r.members.some(function (m) {
        return m[1] && sameWordKey(spec, m[0].base) === target;
      });
    }
    return splits(spec, w).some(function (x) {
      return sameWordKey(spec, x[1]) === target;
    });
  }

  // ------------------------------------------------------------ snippet

  var SNIPPET_WORDS = 30;
  var LEAD = 8;

  function isForm(spec, word, forms) {
    var readings = splits(spec, word);
    if (forms.bases) {
      return readings.some(function (r) {
        return forms.bases.some(function (b) {
          return b[0] === r[1] && (b[1] & (1 << r[0])) !== 0;
        });
      });
    }
    var k = sameWordKey(spec, forms.spelling);
    return readings.some(function (r) {
      return sameWordKey(spec, r[1]) === k;
    });
  }

  function marks(spec, text, matchers) {
    var folded = [];
    var spans = [];
    words(spec, text, function (w, s, e) {
      folded.push(w);
      spans.push([s, e]);
    });
    var clauses = folded.map(function () {
      return [];
    });
    for (var m of matchers) {
      var L = m.words.length;
      if (L === 0 || L > folded.length) continue;
      for (var i = 0; i + L <= folded.length; i++) {
        var all = true;
        for (var o = 0; o < L && all; o++) all = isForm(spec, folded[i + o], m.words[o]);
        if (!all) continue;
        for (var k = i; k < i + L; k++) if (clauses[k].indexOf(m.clause) < 0) clauses[k].push(m.clause);
      }
    }
    return { spans: spans, clauses: clauses };
  }

  function pushText(text) {
    return escapeHtml(text.replace(/\n/g, " "));
  }

  function pushWord(word, marked) {
    return marked ? "<mark>" + pushText(word) + "</mark>" : pushText(word);
  }

  function snippet(spec, text, matchers) {
    var m = marks(spec, text, matchers);
    var spans = m.spans;
    var clauses = m.clauses;
    var n = spans.length;
    if (n === 0) return "";
    var starts = [0];
    clauses.forEach(function (c, i) {
      if (c.length) starts.push(Math.max(i - LEAD, 0));
    });
    function score(s) {
      var win = clauses.slice(s, Math.min(s + SNIPPET_WORDS, n));
      var distinct = new Set();
      var matchedWords = 0;
      for (var c of win) {
        for (var x of c) distinct.add(x);
        if (c.length) matchedWords++;
      }
      return [distinct.size, matchedWords];
    }
    var best = 0;
    var bestScore = score(0);
    for (var s of starts) {
      var sc = score(s);
      var better = sc[0] > bestScore[0] || (sc[0] === bestScore[0] && sc[1] > bestScore[1]);
      var same = sc[0] === bestScore[0] && sc[1] === bestScore[1];
      if (better || (same && s < best)) {
        best = s;
        bestScore = sc;
      }
    }
    var start = Math.min(best, Math.max(n - SNIPPET_WORDS, 0));
    var end = Math.min(start + SNIPPET_WORDS, n);
    var out = start > 0 ? "… " : "";
    for (var k = start; k < end; k++) {
      if (k > start) out += pushText(text.slice(spans[k - 1][1], spans[k][0]));
      out += pushWord(text.slice(spans[k][0], spans[k][1]), clauses[k].length > 0);
    }
    if (end < n) out += " …";
    return out;
  }

  function markAll(spec, text, matchers) {
    var m = marks(spec, text, matchers);
    var out = "";
    var at = 0;
    m.spans.forEach(function (sp, k) {
      out += pushText(text.slice(at, sp[0]));
      out += pushWord(text.slice(sp[0], sp[1]), m.clauses[k].length > 0);
      at = sp[1];
    });
    return out + pushText(text.slice(at));
  }

  // ---------------------------------------------------------------- page

  var PAGE = 10;

  function digits(n, style) {
    var s = String(n);
    return style === "arabic-indic"
      ? s.replace(/[0-9]/g, function (d) {
          return String.fromCharCode(0x0660 + Number(d));
        })
      : s;
  }

  /** Wraps runs of Latin letters in <bdi>, as the theme's `isolate` filter
   * does, so a Latin name keeps its place in a right-to-left line. */
  function isolateLatin(node) {
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    var texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    var latin = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F0-9 .,'’&\-]*[A-Za-z\u00C0-\u024F0-9]|[A-Za-z\u00C0-\u024F]/g;
    for (var t of texts) {
      var s = t.nodeValue;
      if (!/[A-Za-z]/.test(s)) continue;
      var frag = document.createDocumentFragment();
      var at = 0;
      s.replace(latin, function (m, i) {
        frag.appendChild(document.createTextNode(s.slice(at, i)));
        var b = document.createElement("bdi");
        b.textContent = m;
        frag.appendChild(b);
        at = i + m.length;
        return m;
      });
      frag.appendChild(document.createTextNode(s.slice(at)));
      t.parentNode.replaceChild(frag, t);
    }
  }

  function html(tag, cls, inner) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (inner !== undefined) el.innerHTML = inner;
    return el;
  }

  function ui() {
    var root = document.querySelector("section.search[data-meta]");
    if (!root) return;
    var form = root.querySelector("form");
    var input = form.elements.q;
    var sortSel = form.elements.sort;
    var yearSel = form.elements.year;
    var tagField = form.elements.tag;
    var status = root.querySelector(".search-status");
    var list = root.querySelector(".search-results");
    var more = root.querySelector(".search-more");
    var tagsBox = root.querySelector(".search-tags");
    var metaUrl = root.getAttribute("data-meta");
    var dir = metaUrl.replace(/meta\.json.*$/, "");
    var version = (metaUrl.match(/[?&]v=([^&]+)/) || [])[1] || "";
    var engine = null;
    var style = "latin";
    var shown = 0;
    var run = 0;
    root.querySelector(".search-filters").hidden = false;

    function say(text) {
      status.textContent = text;
    }

    function load() {
      return fetch(metaUrl)
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
        .then(function (meta) {
          style = meta.digits || "latin";
          engine = new Engine(meta, function (path) {
            return fetch(dir + path + "?v=" + version).then(function (r) {
              if (!r.ok) throw new Error(path + ": " + r.status);
              return r.arrayBuffer().then(function (b) {
                return new Uint8Array(b);
              });
            });
          });
          return engine;
        });
    }

    function params() {
      return {
        q: input.value.trim(),
        sort: sortSel.value === "new" ? "new" : "best",
        year: yearSel.value,
        tag: tagField.value,
      };
    }

    function keepInUrl(p) {
      var u = new URL(location.href);
      ["q", "sort", "year", "tag"].forEach(function (k) {
        if (p[k] && !(k === "sort" && p[k] === "best")) u.searchParams.set(k, p[k]);
        else u.searchParams.delete(k);
      });
      history.replaceState(null, "", u.pathname + u.search);
    }

    function fillYears(years, chosen) {
      while (yearSel.options.length > 1) yearSel.remove(1);
      for (var y of years) {
        var o = document.createElement("option");
        o.value = String(y[0]);
        o.textContent = digits(y[0], style) + " (" + digits(y[1], style) + ")";
        yearSel.appendChild(o);
      }
      if (chosen && !years.some(function (y) { return String(y[0]) === chosen; })) {
        var keep = document.createElement("option");
        keep.value = chosen;
        keep.textContent = digits(chosen, style) + " (" + digits(0, style) + ")";
        yearSel.appendChild(keep);
      }
      yearSel.value = chosen || "";
    }

    function showTags(results, chosen) {
      var ul = tagsBox.querySelector("ul");
      ul.textContent = "";
      // The tags several of the shown results share, most shared first
      // (a tag of one result narrows nothing).
      var count = new Map();
      var names = new Map();
      for (var r of results) {
        for (var t of r.doc.g) {
          count.set(t[1], (count.get(t[1]) || 0) + 1);
          names.set(t[1], t[0]);
        }
      }
      var slugs = Array.from(count.keys())
        .filter(function (k) {
          return count.get(k) >= 2 && k !== chosen;
        })
        .sort(function (a, b) {
          return count.get(b) - count.get(a) || (names.get(a) < names.get(b) ? -1 : 1);
        })
        .slice(0, 8);
      if (chosen) slugs.unshift(chosen);
      var seen = new Map();
      for (var k of slugs) seen.set(k, names.get(k) || k);
      seen.forEach(function (name, slug) {
        var li = document.createElement("li");
        var b = document.createElement("button");
        b.type = "button";
        b.className = "tag";
        b.textContent = name;
        b.setAttribute("aria-pressed", slug === chosen ? "true" : "false");
        b.addEventListener("click", function () {
          tagField.value = tagField.value === slug ? "" : slug;
          start();
        });
        li.appendChild(b);
        ul.appendChild(li);
      });
      isolateLatin(ul);
      tagsBox.hidden = seen.size === 0;
    }

    function item(r) {
      var li = html("li", "search-result");
      var h = html("h2", "card-title");
      var a = html("a", null, r.titleHtml);
      a.href = r.url;
      h.appendChild(a);
      li.appendChild(h);
      var meta = html("p", "meta");
      if (r.date) {
        var time = html("time");
        time.dateTime = r.date;
        time.textContent = r.doc.dd || r.date;
        meta.appendChild(time);
      }
      if (r.doc.s) {
        if (r.date) meta.appendChild(html("span", "sep", " · ")).setAttribute("aria-hidden", "true");
        meta.appendChild(html("span", "source")).textContent = r.doc.s;
      }
      li.appendChild(meta);
      if (r.snippet) li.appendChild(html("p", "search-snippet", r.snippet));
      isolateLatin(li);
      return li;
    }

    async function page(p, first) {
      var mine = run;
      var out = await engine.search(p.q, { sort: p.sort, year: p.year, tag: p.tag, offset: shown, limit: PAGE });
      if (mine !== run) return;
      if (first) {
        list.textContent = "";
        fillYears(out.years, p.year);
      }
      for (var r of out.results) list.appendChild(item(r));
      shown += out.results.length;
      more.hidden = shown >= out.total;
      if (first) showTags(out.results, p.tag);
      if (out.total === 0) {
        var filtered = p.year || p.tag;
        say(
          "لا توجد نتائج لـ«" +
            p.q +
            "»" +
            (filtered ? " مع المرشّحات المختارة: جرّب كل السنوات أو ألغِ الوسم." : ". جرّب كلمة أخرى أو كلمات أقل، أو تهجئة مختلفة للاسم.")
        );
      } else {
        say("عدد النتائج: " + digits(out.total, style) + (shown < out.total ? "، المعروض منها " + digits(shown, style) : ""));
      }
    }

    async function start() {
      var p = params();
      keepInUrl(p);
      run++;
      shown = 0;
      if (!p.q) {
        list.textContent = "";
        more.hidden = true;
        tagsBox.hidden = true;
        fillYears([], "");
        say(status.getAttribute("data-idle"));
        return;
      }
      say("جارٍ البحث…");
      try {
        if (!engine) await load();
        await page(p, true);
      } catch (e) {
        say("تعذّر تحميل فهرس البحث. أعد تحميل الصفحة، وإن تكرّر ذلك فابنِ الموقع من جديد.");
      }
    }

    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(start, 250);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      start();
    });
    sortSel.addEventListener("change", start);
    yearSel.addEventListener("change", start);
    more.addEventListener("click", async function () {
      var before = list.children.length;
      more.disabled = true;
      try {
        await page(params(), false);
      } finally {
        more.disabled = false;
      }
      var next = list.children[before];
      if (next) next.querySelector("a").focus();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement !== input && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName)) {
        e.preventDefault();
        input.focus();
      }
    });

    var u = new URL(location.href);
    input.value = u.searchParams.get("q") || "";
    sortSel.value = u.searchParams.get("sort") === "new" ? "new" : "best";
    tagField.value = u.searchParams.get("tag") || "";
    var year = u.searchParams.get("year") || "";
    if (year) fillYears([], year);
    if (input.value) start();
    else {
      say(status.getAttribute("data-idle"));
      input.focus();
    }
  }

  var api = {
    makeSpec: makeSpec,
    words: words,
    wordList: wordList,
    splits: splits,
    indexKey: indexKey,
    sameWordKey: sameWordKey,
    parse: parse,
    Engine: Engine,
    snippet: snippet,
    markAll: markAll,
    encodePath: encodePath,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else global.warraqSearch = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ui);
    else ui();
  }
})(this);
