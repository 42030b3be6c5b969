"""Charts drawn with pyqtgraph; imported only when a chart is first shown."""
