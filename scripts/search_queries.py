"""The Arabic spelling-variant queries of the search evaluation, and their judge.

Written down before the search was tuned: each query is typed as a
reader might type it (without hamza, with ه for ة, ى for ي or the reverse, with
or without ال, with a prefix glued on, with Persian letters, in another
transliteration of a foreign name), and judged against the article text by
regular expressions written by hand, independent of warraq's normalisation:

- `strict`: the word itself, in any of its spellings, with or without ال and
  the prefixes و ف ب ك ل. Recall is the share of the articles matching
  `strict` that a search returns.
- `loose`: `strict` plus forms derived from the word (a nisba adjective, a
  plural, the feminine). Precision is the share of returned articles that
  match `loose`: a returned article that only shares letters with an
  unrelated word (وزارة for زار, طالب for طالبان) counts against it.
- `not`: words the regexes would catch that are another word (فيمن is في +
  من, not Yemen; الكاميرون is Cameroon, not Cameron).

The judge reads title and body with diacritics, tatweel, joiners and bidi
controls removed and presentation forms decomposed (NFKC), nothing else.
"""

# Any spelling of a letter, as a writer may type it.
A = "[اأإآٱ]"  # alef, with or without hamza
H = "[ةه]"  # taa marbuta or heh
Y = "[يىی]"  # yeh, alef maqsura, Persian yeh
K = "[كک]"  # kaf, Persian keheh
# Prefixes glued on: conjunction, preposition, article (لل = ل + ال).
P = "(?:[وف]?[بكل]?ال|[وف]?لل|[وف]?[بكل]?)"
# Nisba and plural endings of a derived adjective or noun.
NISBA = f"(?:{Y}|{Y}{H}|يين|يون|يات|{Y}ا)"

QUERIES = [
    # class, query, strict, loose (None: same as strict), not
    ("no hamza", "اسرائيل", f"{A}سرا[ئيء]?[يی]ل", f"{A}سرا[ئيء]?[يی]ل{NISBA}?", None),
    ("no hamza", "المانيا", f"{A}لمان{Y}ا", f"{A}لمان(?:{Y}ا|{NISBA})", None),
    ("no hamza", "اوباما", f"{A}وباما", None, None),
    ("no hamza", "امريكا", f"{A}مر{Y}كا", f"{A}مر{Y}ك(?:ا|{NISBA}|ان)", None),
    ("no hamza", "اوروبا", f"{A}وروبا", f"{A}وروب(?:ا|{NISBA})", None),
    ("no hamza", "افغانستان", f"{A}فغانستان", f"{A}فغان(?:ستان|{NISBA})", None),
    ("no hamza", "ايران", f"{A}{Y}ران", f"{A}{Y}ران{NISBA}?", None),
    ("no hamza", "اسبانيا", f"{A}سبان{Y}ا", f"{A}سبان(?:{Y}ا|{NISBA})", None),
    ("ه for ة", "السعوديه", f"سعود{Y}{H}", f"سعود(?:{NISBA}|{Y}ين|{Y}ون)", None),
    ("ه for ة", "القاهره", f"قاهر{H}", None, "(?:ظروف|قوة|قوه|أسباب|اسباب|لأسباب) قاهر[ةه]"),
    ("ه for ة", "المملكه", f"مملك{H}", f"(?:مملك(?:{H}|ات|ت)|ممالك)", None),
    ("ه for ة", "الصحه", f"صح{H}", f"صح(?:{H}|{NISBA})", None),
    ("ه for ة", "الجامعه", f"جامع{H}", f"جامع(?:{H}|ات|{NISBA})", None),
    ("ه for ة", "مجاوره", f"مجاور{H}", f"مجاور(?:{H}|ات|ين|ون|{Y})?", None),
    ("ى/ي", "مستشفي", f"مستشف{Y}", f"مستشف(?:{Y}|يات)", None),
    ("ى/ي", "مصطفي", f"مصطف{Y}", None, None),
    ("ى/ي", "موسي", f"موس{Y}", None, None),
    ("ى/ي", "كيرى", f"كير{Y}", None, "فالكيري"),
    ("ى/ي", "هيلارى", f"هيلار{Y}", None, None),
    ("with/without ال", "رياض", "رياض", None, None),
    ("with/without ال", "عراق", "عراق", f"عراق{NISBA}?", None),
    ("with/without ال", "يمن", "يمن", f"يمن{NISBA}?", "[وف]?فيمن"),
    ("with/without ال", "حوثيين", "حوث(?:يين|ين)", f"حوث(?:{NISBA}|يين|يون|ين|يان|ييون)", None),
    ("with/without ال", "دمج", "دمج", "دمج(?:ه|ها|هم)?", None),
    ("with/without ال", "مجاورة", f"مجاور{H}", f"مجاور(?:{H}|ات|ين|ون|{Y})?", None),
    ("with a prefix", "بالرياض", "رياض", None, None),
    ("with a prefix", "والسعودية", f"سعود{Y}{H}", f"سعود(?:{NISBA}|{Y}ين|{Y}ون)", None),
    ("with a prefix", "للعراق", "عراق", f"عراق{NISBA}?", None),
    ("with a prefix", "وبوتين", "بوتين", None, None),
    ("with a prefix", "لداعش", "داعش", None, None),
    ("with a prefix", "وبريطانيا", f"بر{Y}طان{Y}ا", f"بر{Y}طان(?:{Y}ا|{NISBA})", None),
    ("Persian letters", "روسیا", f"روس{Y}ا", f"روس(?:{Y}ا|{NISBA})", None),
    ("Persian letters", "ایران", f"{A}{Y}ران", f"{A}{Y}ران{NISBA}?", None),
    ("Persian letters", "ترکیا", f"تر{K}{Y}ا", f"تر{K}(?:{Y}ا|{NISBA})", None),
    ("Persian letters", "السعودیة", f"سعود{Y}{H}", f"سعود(?:{NISBA}|{Y}ين|{Y}ون)", None),
    ("Persian letters", "کوریا", f"{K}ور{Y}ا", f"{K}ور(?:{Y}ا|{NISBA})", None),
    ("transliteration", "غوغل", "[جغق]و[جغق]ل", None, None),
    ("transliteration", "جونج", "جون[جغ]", None, None),
    ("transliteration", "بيونغ يانغ", "ب[يی]ون[جغ][ -]?[يی]ان[جغ]", None, None),
    ("transliteration", "ترمب", "ترا?مب", None, None),
    ("transliteration", "نتانياهو", "نتا?ن[يی]اهو", None, None),
    ("transliteration", "فيس بوك", "ف[يی]س ?بوك", None, None),
    ("transliteration", "واتس اب", f"واتس ?{A}ب", None, None),
    ("transliteration", "كامرون", "كامي?رون", None, "(?:[وف]?[بكل]?ال|[وف]?لل)كامي?رون"),
    ("guard", "وزارة", f"وزار{H}", f"وزار(?:{H}|ات|{NISBA})", None),
    ("guard", "طالبان", "طالبان", None, None),
    ("guard", "البحرين", "بحر[يی]ن", f"بحر[يی]ن{NISBA}?", None),
    ("guard", "بوتين", "بوتين", None, None),
    ("guard", "تركيا", f"تر{K}{Y}ا", f"تر{K}(?:{Y}ا|{NISBA})", None),
    ("guard", "فلسطين", "فلسط[يی]ن", f"فلسط[يی]ن{NISBA}?", None),
    ("hamza seat", "مسئول", "مس[ؤئ]ول", f"مس[ؤئ]ول(?:{H}|ات|ين|ون|{NISBA})?", None),
    ("hamza seat", "شئون", "ش[ؤئ]ون", None, None),
]
