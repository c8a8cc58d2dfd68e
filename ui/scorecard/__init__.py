"""The Đánh giá tiêu chí tab: the unit tree, and one commune's scorecard for a year and period."""
