"""Reading submissions: GitHub issue forms and webhook payloads, later mail."""
