"""Milestone dates and reminders: recurrence, working days, the delivery plan, the sweep."""
