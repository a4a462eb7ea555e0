// Types of eslint.boundaries.js for the TypeScript tests that read its table.
export declare const LAYERS: Record<string, { files?: string[]; folders?: string[] }>
export declare const MAY_IMPORT: Record<string, string[]>
export declare function boundariesConfig(): Promise<object>
