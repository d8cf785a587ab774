"""The LLM port (built on llama-index's LLM classes), prompts, and validated JSON output."""
