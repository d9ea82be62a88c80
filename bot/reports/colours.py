"""RAG colours shared by the Word and HTML reports (fill, and a text colour readable on it)."""

RAG_FILL = {"red": "C00000", "amber": "FFC000", "green": "00B050"}
RAG_TEXT = {"red": "FFFFFF", "amber": "000000", "green": "FFFFFF"}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green"}


def rag_words(rag: str | None) -> str:
    return RAG_WORDS.get(rag or "", "Not rated")
