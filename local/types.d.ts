// Local emulator packages without type declarations; their use is wrapped and typed in local/emulators/.
declare module 'dynalite';
declare module 's3rver';
