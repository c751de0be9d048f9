package org.laminar.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Output sizes and read padding of sliding windows, computed by hand from the ONNX rules. */
class WindowTest {

  @Test
  void explicitPadsKeepOnlyThePaddingTheLastWindowReaches() {
    // ResNet's first conv: 224 rows, 7x7, stride 2, pads 3: (224 + 6 - 7) / 2 + 1 = 112 windows;
    // the last one ends at row 2*111 + 6 - 3 = 225, two rows past the input.
    assertEquals(new Window(7, 2, 1, 3, 2, 112), Window.of(224, 7, 2, 1, 3, 3, "NOTSET", false));
    // AlexNet's first conv: 224 rows, 11x11, stride 4, no pads: 54 windows reading rows 0..222.
    assertEquals(new Window(11, 4, 1, 0, 0, 54), Window.of(224, 11, 4, 1, 0, 0, "NOTSET", false));
  }

  @Test
  void dilationWidensTheKernel() {
    // 3 taps with dilation 2 span 5 rows: (5 + 4 - 5) + 1 = 5 windows, both pads read.
    assertEquals(new Window(3, 1, 2, 2, 2, 5), Window.of(5, 3, 1, 2, 2, 2, "NOTSET", false));
  }

  @Test
  void ceilModeAddsAPartialWindowButNoneStartingInTheEndPadding() {
    // 112 rows, 3x3 stride 2: floor 55 windows, ceil 56 whose last reads one row past the input.
    assertEquals(55, Window.of(112, 3, 2, 1, 0, 0, "NOTSET", false).output());
    assertEquals(new Window(3, 2, 1, 0, 1, 56), Window.of(112, 3, 2, 1, 0, 0, "NOTSET", true));
    // 5 rows, 2x2 stride 2, pads 1: ceil((5 + 2 - 2) / 2) + 1 = 4, but window 4 would start at row 6
    // = 5 + 1, inside the end padding, so 3 remain.
    assertEquals(new Window(2, 2, 1, 1, 0, 3), Window.of(5, 2, 2, 1, 1, 1, "NOTSET", true));
  }

  @Test
  void samePaddingPutsTheOddRowAtTheEndOrTheBeginning() {
    // 7 rows, 3x3 stride 2: ceil(7/2) = 4 windows need 2*3 + 3 = 9 rows: 1 pad each side.
    assertEquals(new Window(3, 2, 1, 1, 1, 4), Window.of(7, 3, 2, 1, 0, 0, "SAME_UPPER", false));
    // 5 rows, 2x2 stride 1: 5 windows need 6 rows: one pad, after for UPPER, before for LOWER.
    assertEquals(new Window(2, 1, 1, 0, 1, 5), Window.of(5, 2, 1, 1, 9, 9, "SAME_UPPER", false));
    assertEquals(new Window(2, 1, 1, 1, 0, 5), Window.of(5, 2, 1, 1, 9, 9, "SAME_LOWER", false));
  }

  @Test
  void validPaddingIgnoresPads() {
    assertEquals(new Window(3, 2, 1, 0, 0, 3), Window.of(8, 3, 2, 1, 4, 4, "VALID", false));
  }

  @Test
  void aKernelLargerThanTheInputIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Window.of(2, 5, 1, 1, 1, 1, "NOTSET", false));
    assertEquals("the kernel (5 elements with dilation) is larger than the padded input (4)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Window.of(8, 3, 1, 1, 0, 0, "SAME", false));
  }
}
