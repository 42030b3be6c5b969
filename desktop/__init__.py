"""МСОКО Desktop: municipal education-quality monitoring for a district education office."""

__version__ = "0.1.0"
