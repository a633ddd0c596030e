/**
 * Light or dark: the system's choice by default, or the one the user picked (remembered in this
 * browser). The resolved scheme is set on <html data-theme> for the CSS, and read by the charts.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'cohortbook.theme';
/** The choices, in the order the switch lists them. */
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

function saved(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return THEME_CHOICES.includes(value as ThemeChoice) ? (value as ThemeChoice) : 'system';
  } catch {
    return 'system';
  }
}

const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
let choice = $state<ThemeChoice>(saved());
let systemDark = $state(media?.matches ?? false);

/** The theme switch and the scheme in use. */
export const theme = {
  get choice(): ThemeChoice {
    return choice;
  },
  set choice(next: ThemeChoice) {
    choice = next;
    try {
      if (next === 'system') localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* not remembered; still switched */
    }
    apply();
  },
  /** True when the page is dark now. */
  get dark(): boolean {
    return choice === 'dark' || (choice === 'system' && systemDark);
  },
};

/** Puts the scheme in use on <html data-theme> (the CSS reads it). */
export function apply(): void {
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.theme = theme.dark ? 'dark' : 'light';
}

media?.addEventListener('change', () => {
  systemDark = media.matches;
  apply();
});
apply();
