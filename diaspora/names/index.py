"""An in-memory index of names: the best matches for a query among a million names.

Names share few distinct words (surnames and given names repeat), so the index
keeps each distinct folded word once, finds the words like each query word through
their blocking keys, and only then turns to the names holding those words. A name
is a candidate when it holds words like at least two query words (or the one, for a
one-word query); candidates are scored word by word against the query."""

from collections.abc import Hashable, Iterable
from heapq import nlargest
from itertools import combinations

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .folding import base_form, name_words, skeleton, word_keys, written_in_arabic
from .lookup import likeness, word_likeness
from .similarity import (
    MISSING_PATRONYMIC,
    RANKING_CONSONANTS_WEIGHT,
    arabic_sounds,
    compare,
    prepare,
)

WORD_THRESHOLD = 0.6  # below this two words are not the same name
FUZZY_VOCABULARY = 200_000  # distinct words scanned for every query word, up to this many
CANDIDATE_BUDGET = 60_000  # names scored per query, at most
RESCORE = 50  # the best this many are scored again with the full comparison
EXTRA_WORD = 0.04  # a word the found name has beyond the query
MISSING_QUERY_WORD = 0.12
SKELETON_LIMIT = 50  # distinct skeletons looked at for an Arabic-script word
WORDS_PER_SKELETON = 20  # and the words of each, at most
SKELETON_THRESHOLD = 0.75  # consonants of an Arabic-script word alike at least this much
SIMILAR_WORDS = 120  # words kept per query word, the likest
SEARCH_FLOOR = 0.65  # a found name scoring below this is noise (Zzzz → Ziya)


def match_score(query: str, name: str) -> float:
    """How well `name` answers a search for `query`: words the name has beyond the
    query cost little, query words the name lacks cost much, a patronymic nothing."""
    asked, found = prepare(query), prepare(name)
    score = compare(
        asked,
        found,
        extra_in_a=MISSING_QUERY_WORD,
        extra_in_b=EXTRA_WORD,
        consonants_weight=RANKING_CONSONANTS_WEIGHT,
    )
    if found.patronymic is not None and asked.patronymic is None:
        score += MISSING_PATRONYMIC  # a query rarely gives the patronymic
    return round(min(score, 1.0), 4)


class NameIndex:
    """`add(id, name)` then `search(query)`; ids are any hashable values."""

    def __init__(self) -> None:
        self._ids: list[Hashable] = []
        self._names: list[str] = []
        self._words: list[tuple[int, ...]] = []  # word numbers of each name
        self._word_number: dict[str, int] = {}
        self._word_text: list[str] = []  # base form of each word number
        # The distinct skeletons of the words as Arabic script hears them, and their words.
        self._skeletons: list[str] = []
        self._word_heard: list[str] = []  # each word as Arabic script hears it
        self._skeleton_number: dict[str, int] = {}
        self._skeleton_words: list[list[int]] = []
        self._word_readings: dict[int, tuple[str, ...]] = {}  # and its other readings
        self._postings: list[list[int]] = []  # word number -> name numbers
        self._by_key: dict[str, set[int]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, id: Hashable, name: str) -> None:
        number = len(self._ids)
        self._ids.append(id)
        self._names.append(name)
        word_numbers = []
        for word in name_words(name):
            base = base_form(word.folded)
            word_number = self._word_number.get(base)
            if word_number is None:
                word_number = len(self._word_text)
                self._word_number[base] = word_number
                self._word_text.append(base)
                heard = arabic_sounds(base)
                self._word_heard.append(heard)
                self._add_skeleton(skeleton(heard), word_number)
                self._postings.append([])
                self._add_keys(base, word_number)
            for reading in word.readings:
                self._add_reading(base_form(reading), word_number)
            if not self._postings[word_number] or self._postings[word_number][-1] != number:
                self._postings[word_number].append(number)
            word_numbers.append(word_number)
        self._words.append(tuple(word_numbers))

    def _add_skeleton(self, heard: str, word_number: int) -> None:
        number = self._skeleton_number.get(heard)
        if number is None:
            number = self._skeleton_number[heard] = len(self._skeletons)
            self._skeletons.append(heard)
            self._skeleton_words.append([])
        self._skeleton_words[number].append(word_number)

    def _add_keys(self, base: str, word_number: int) -> None:
        for key in word_keys(base):
            self._by_key.setdefault(key, set()).add(word_number)

    def _add_reading(self, reading: str, word_number: int) -> None:
        known = self._word_readings.get(word_number, ())
        if reading not in known and reading != self._word_text[word_number]:
            self._word_readings[word_number] = (*known, reading)
            self._add_keys(reading, word_number)

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for id, name in items:
            self.add(id, name)

    def likeness(self, base: str, readings: tuple[str, ...], number: int) -> float:
        """How alike a query word (its base form and other readings) and a word of
        the index are: their best pair of forms, another reading at a small cost."""
        return likeness(
            base, readings, self._word_text[number], self._word_readings.get(number, ())
        )

    def similar_words(
        self, base: str, *, unvowelled: bool = False, readings: tuple[str, ...] = ()
    ) -> dict[int, float]:
        """Word numbers like one folded query word, with how alike they are.
        `unvowelled`: the word was written in Arabic script, without short vowels,
        so words are also compared by their consonants; `readings`: the query word's
        other readings (base forms), found through their keys."""
        found: set[int] = set()
        for form in (base, *readings):
            for key in word_keys(form):
                found |= self._by_key.get(key, set())
        scores = {number: self.likeness(base, readings, number) for number in found}
        fuzzy = len(self._word_text) <= FUZZY_VOCABULARY or not any(
            s >= 0.8 for s in scores.values()
        )
        if fuzzy and unvowelled:
            # سكندر for İsgəndər: the consonants agree where the letters cannot, so an
            # Arabic-script word looks through the skeletons instead of the words.
            query_sounds = arabic_sounds(base)
            for _text, score, at in process.extract(
                skeleton(query_sounds),
                self._skeletons,
                scorer=Indel.normalized_similarity,
                score_cutoff=SKELETON_THRESHOLD,
                limit=SKELETON_LIMIT,
            ):
                for number in self._skeleton_words[at][:WORDS_PER_SKELETON]:
                    # Halfway to the letters' likeness: many words share a skeleton.
                    heard = self._word_heard[number]
                    both = (score + word_likeness(query_sounds, heard)) / 2
                    scores[number] = max(scores.get(number, 0.0), both)
        elif fuzzy:
            # A spelling the keys do not join (a typo, Мехтиев for Mehdiyev): look
            # through the distinct words, which stay few however many names there are.
            for _text, _score, number in process.extract(
                base,
                self._word_text,
                scorer=Indel.normalized_similarity,
                score_cutoff=WORD_THRESHOLD,
                limit=50,
            ):
                if number not in scores:
                    scores[number] = self.likeness(base, readings, number)
        # The key may join words that are not alike (the skeleton drops vowels).
        skeleton_only = {n for n, s in scores.items() if s < WORD_THRESHOLD}
        for number in skeleton_only:
            scores[number] = WORD_THRESHOLD
        if len(scores) > SIMILAR_WORDS:  # a short skeleton joins hundreds of words
            scores = dict(nlargest(SIMILAR_WORDS, scores.items(), key=lambda item: item[1]))
        return scores

    def candidates(self, per_word: list[dict[int, float]]) -> set[int]:
        """Names holding words like two of the query words (one, for a one-word query),
        the rarest words first, within the budget."""
        holders: list[set[int]] = []
        for similar in per_word:
            best = sorted(similar, key=similar.__getitem__, reverse=True)
            names: set[int] = set()
            for number in best:
                if len(names) >= CANDIDATE_BUDGET:
                    break
                names.update(self._postings[number])
            holders.append(names)
        if len(holders) == 1:
            return holders[0]
        found: set[int] = set()
        for first, second in combinations(sorted(holders, key=len), 2):
            found |= first & second
        if len(found) < RESCORE:
            found |= min(holders, key=len)
        return found

    def search(self, query: str, limit: int = 10) -> list[tuple[Hashable, float]]:
        """The ids of the names most like `query`, best first, with scores in [0, 1]."""
        # The patronymic helps ranking, not finding: many records lack it.
        found_words = [w for w in name_words(query) if not w.patronymic]
        query_words = [base_form(w.folded) for w in found_words]
        if not query_words or not self._ids:
            return []
        per_word = [
            self.similar_words(
                base,
                unvowelled=written_in_arabic(w.written),
                readings=tuple(base_form(reading) for reading in w.readings),
            )
            for base, w in zip(query_words, found_words, strict=True)
        ]
        if not any(per_word):
            return []
        weights = [max(len(word), 2) for word in query_words]
        total = sum(weights)

        def rough(number: int) -> float:
            held = self._words[number]
            score = 0.0
            for similar, weight in zip(per_word, weights, strict=True):
                score += weight * max((similar.get(word, 0.0) for word in held), default=0.0)
            return score / total - EXTRA_WORD * max(0, len(held) - len(query_words))

        shortlist = nlargest(max(RESCORE, limit), self.candidates(per_word), key=rough)
        scored = [(match_score(query, self._names[number]), number) for number in shortlist]
        scored = [(score, number) for score, number in scored if score >= SEARCH_FLOOR]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [(self._ids[number], score) for score, number in scored[:limit]]
