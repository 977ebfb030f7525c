import { useId } from 'react';

export type Bar = { label: string; value: number };

const WIDTH = 320;
const HEIGHT = 120;
const GAP = 2;
/** A few bars stay bars, not a wall of colour. */
const MAX_BAR = 32;

/**
 * [IN3] A bar chart in plain SVG (no chart library: a few hundred bytes), in the text colour so it follows the light
 * or dark theme, with the same figures as a table for screen readers and anyone who prefers numbers.
 */
export function BarChart(props: { title: string; bars: readonly Bar[]; columns: [string, string] }) {
  const id = useId();
  const { bars } = props;
  const highest = Math.max(0, ...bars.map((bar) => bar.value));
  const width = Math.min(MAX_BAR, WIDTH / Math.max(1, bars.length));
  return (
    <figure className="chart">
      <figcaption id={`${id}-caption`}>{props.title}</figcaption>
      {highest === 0 ? (
        <p className="empty">Nothing to show yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-caption`} preserveAspectRatio="none">
          {bars.map((bar, index) => {
            const height = (bar.value / highest) * (HEIGHT - 4);
            return (
              <rect
                key={`${index}-${bar.label}`}
                x={index * width + GAP / 2}
                y={HEIGHT - height}
                width={Math.max(1, width - GAP)}
                height={height}
              >
                <title>{`${bar.label}: ${bar.value}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
      <details>
        <summary>As a table</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.columns[0]}</th>
              <th scope="col">{props.columns[1]}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar, index) => (
              <tr key={`${index}-${bar.label}`}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
