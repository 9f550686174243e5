"""Actions a clerk runs from Excel on the open workbook (xlwings `Book`)."""
