"""The conversation core, platform-neutral: Message in, Reply out."""
