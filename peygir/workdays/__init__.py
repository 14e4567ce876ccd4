"""The Iranian working-day calendar: Fridays and official holidays are days off."""
