//! The tray icon, drawn here (no image decoder, no icon theme needed): a clock face, filled
//! green while a timer runs, an outline in grey when none does. ARGB32 in network byte order, as
//! StatusNotifierItem wants, at 22 and 44 pixels (normal and doubled displays).

use ksni::Icon;

const RUNNING: [u8; 3] = [0x2e, 0x9e, 0x5b];
const IDLE: [u8; 3] = [0x80, 0x86, 0x8b];

fn draw(size: i32, running: bool) -> Icon {
    let [r, g, b] = if running { RUNNING } else { IDLE };
    let s = size as f32;
    let (cx, cy) = (s / 2.0, s / 2.0);
    let outer = s * 0.45;
    let ring = s * 0.1;
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let d = (dx * dx + dy * dy).sqrt();
            // Coverage of the disc's edge, for a smooth outline.
            let disc = (outer - d + 0.5).clamp(0.0, 1.0);
            let inside = (outer - ring - d + 0.5).clamp(0.0, 1.0);
            // The hands: twelve o'clock and three o'clock, from the centre.
            let hand_width = s * 0.06;
            let on_hand = (dx.abs() < hand_width && dy <= 0.0 && -dy < outer * 0.62)
                || (dy.abs() < hand_width && dx >= 0.0 && dx < outer * 0.5);
            let alpha = if running {
                if on_hand && d < outer - ring {
                    0.0
                } else {
                    disc
                }
            } else if on_hand {
                disc
            } else {
                disc - inside
            };
            data.extend_from_slice(&[(alpha * 255.0).round() as u8, r, g, b]);
        }
    }
    Icon { width: size, height: size, data }
}

pub fn pixmaps(running: bool) -> Vec<Icon> {
    vec![draw(22, running), draw(44, running)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_and_idle_differ_and_the_corners_are_clear() {
        for running in [true, false] {
            let icons = pixmaps(running);
            for icon in &icons {
                assert_eq!(icon.data.len(), (icon.width * icon.height * 4) as usize);
                assert_eq!(icon.data[0], 0, "the corner is transparent");
            }
        }
        let opaque = |icon: &Icon| icon.data.chunks(4).filter(|p| p[0] > 128).count();
        assert!(opaque(&pixmaps(true)[0]) > 2 * opaque(&pixmaps(false)[0]), "running is filled, idle an outline");
    }
}
