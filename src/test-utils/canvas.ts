// jsdom has no canvas: the scaffold's setup makes getContext return undefined, which Grafana's
// stat (text measuring) and time series (uPlot drawing) cannot run on. A 2D context that draws
// nothing and measures text at 0.6 em per character lets them render their DOM in tests.

function fakeContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const state: Record<string | symbol, unknown> = { canvas, font: '10px sans-serif' };
  const noop = () => undefined;
  const gradient = { addColorStop: noop };
  return new Proxy(state, {
    get(target, key) {
      if (key in target) {
        return target[key];
      }
      switch (key) {
        case 'measureText':
          return (text: string) => {
            const px = Number(/(\d+(?:\.\d+)?)px/.exec(String(target.font))?.[1] ?? 10);
            return {
              width: String(text).length * px * 0.6,
              actualBoundingBoxAscent: px * 0.8,
              actualBoundingBoxDescent: px * 0.2,
            };
          };
        case 'createLinearGradient':
        case 'createRadialGradient':
        case 'createPattern':
          return () => gradient;
        case 'getImageData':
          return () => ({ data: new Uint8ClampedArray(4) });
        case 'getLineDash':
          return () => [];
        case 'isPointInPath':
          return () => false;
        default:
          return noop;
      }
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

/** Installs the fake 2D context on every canvas (call in beforeAll of a test file). */
export function installFakeCanvas(): void {
  if (typeof (globalThis as { Path2D?: unknown }).Path2D === 'undefined') {
    // uPlot builds its paths as Path2D objects; nothing is drawn here, so their methods do nothing.
    (globalThis as { Path2D?: unknown }).Path2D = class {
      moveTo() {}
      lineTo() {}
      rect() {}
      arc() {}
      closePath() {}
      bezierCurveTo() {}
      quadraticCurveTo() {}
      addPath() {}
    };
  }
  const contexts = new WeakMap<HTMLCanvasElement, CanvasRenderingContext2D>();
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    let ctx = contexts.get(this);
    if (!ctx) {
      ctx = fakeContext(this);
      contexts.set(this, ctx);
    }
    return ctx;
  } as unknown as HTMLCanvasElement['getContext'];
}
