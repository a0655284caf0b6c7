/*
 * Column and row sums of a 2048 x 1024 matrix of ints (8 MiB), the textbook case of a loop order
 * that ignores the memory layout: the column pass walks down a row-major matrix, one page per
 * reference; the row pass walks along it, a page per 1,024 references. Recorded with valgrind's
 * lackey tool by scripts/record-trace.sh into matrix-sums.lackey.br (docs/PERFORMANCE.md).
 */
#include <stdio.h>

#define ROWS 2048
#define COLS 1024
#define COLUMN_PASSES 48
#define ROW_PASSES 96

int a[ROWS][COLS];

int main(void) {
  long column = 0, row = 0;
  for (int j = 0; j < COLUMN_PASSES; j++)
    for (int i = 0; i < ROWS; i++) column += a[i][j];
  for (int i = 0; i < ROW_PASSES; i++)
    for (int j = 0; j < COLS; j++) row += a[i][j];
  printf("%ld %ld\n", column, row);
  return 0;
}
