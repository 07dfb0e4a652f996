"""Rules as data: spaCy patterns and keyword tables, one function or JSONL file per label."""
