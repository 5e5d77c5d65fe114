"""Language resources and models used by the tagging stage (gazetteers, NER, topics, keywords)."""
