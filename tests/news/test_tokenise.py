from __future__ import annotations

from chorus.news.tokenise import document_terms, parse_query, split_compound


def test_thai_is_split_into_dictionary_words() -> None:
    terms = document_terms("ผู้ชุมนุมหน้าสถานทูตเรียกร้องให้คุ้มครองสิทธิแรงงาน")
    assert {"สถานทูต", "เรียกร้อง", "คุ้มครอง", "สิทธิ", "แรงงาน"} <= terms
    assert "ทูต" not in terms or "สถาน" in terms  # parts come only from a real compound split


def test_thai_compounds_are_also_indexed_by_their_parts() -> None:
    assert split_compound("ตามกฎหมาย") == ["ตาม", "กฎหมาย"]
    assert {"ตามกฎหมาย", "ตาม", "กฎหมาย"} <= document_terms("ตามกฎหมาย")


def test_cjk_hangul_and_khmer_become_bigrams_and_a_substring_check() -> None:
    query = parse_query("大使館 노동자 ស្ថានទូត")
    assert {"大使", "使館", "노동", "동자"} <= query.exact_terms
    assert {"大使館", "노동자", "ស្ថានទូត"} == query.substrings


def test_latin_words_are_case_folded_prefixes() -> None:
    query = parse_query("Embassy LETTER of")
    assert query.prefixes == {"embassy", "letter"}
    assert query.exact_terms == {"of"}


def test_full_width_latin_is_normalised() -> None:
    assert parse_query("ＥＭＢＡＳＳＹ").prefixes == {"embassy"}
