"""The place tree: province › county › district › city or village."""
