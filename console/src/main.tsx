import '@mantine/core/styles.css';
import '@mantine/dropzone/styles.css';
import { MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// Shade 8 of indigo, a darker "dimmed", and dark text on light filled colours (autoContrast with
// a luminance threshold of 0.18, where white and black text both reach 4.5:1) keep WCAG AA contrast.
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm', autoContrast: true, luminanceThreshold: 0.18 });
// Light variants (alerts, light buttons and badges) write their text in a darkened shade 9.
const resolver: CSSVariablesResolver = (current) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.keys(current.colors).map((color) => [
        `--mantine-color-${color}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${color}-9) 75%, black)`,
      ]),
    ),
  },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={resolver}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
