"""The NLP pipeline: spaCy components and the rules they read, Document -> Contract."""
